import { type Database, type Logger, rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';

/**
 * The did-you-mean vocabulary (a materialized view of the words in published public documents).
 * Writes mark it stale; it is refreshed in the background shortly after, or at once when a
 * suggestion is needed, whichever comes first. One refresh runs at a time.
 */
export interface Vocabulary {
  markStale(): void;
  ensureFresh(): Promise<void>;
  close(): void;
}

export function createVocabulary(db: Database, logger: Logger, debounceMs = 2000): Vocabulary {
  let stale = true;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const refresh = (): Promise<void> => {
    running ??= (async () => {
      try {
        while (stale && !closed) {
          stale = false;
          const [populated] = rowsOf<{ ispopulated: boolean }>(
            await db.execute(
              sql`select ispopulated from pg_matviews where schemaname = 'knowledge' and matviewname = 'vocabulary'`,
            ),
          );
          // CONCURRENTLY keeps the view readable during the refresh, but needs it populated once.
          await db.execute(
            populated?.ispopulated
              ? sql`refresh materialized view concurrently knowledge.vocabulary`
              : sql`refresh materialized view knowledge.vocabulary`,
          );
        }
      } catch (error) {
        stale = true;
        logger.warn({ err: error }, 'vocabulary refresh failed');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    markStale() {
      stale = true;
      if (closed) return;
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), debounceMs);
      timer.unref();
    },
    async ensureFresh() {
      if (stale || running) await refresh();
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
