import { type FSWatcher, readFileSync, watch } from 'node:fs';
import type { Logger } from '@ukp/kit';

export interface SupergraphWatch {
  close(): void;
}

/**
 * Calls `onChange` with the new SDL when the supergraph file changes (debounced, and only when
 * the text really differs — editors and `cp` fire several events per save). A file that cannot
 * be read or is empty is ignored: the running schema stays until a good one arrives.
 */
export function watchSupergraph(
  path: string,
  initial: string,
  onChange: (sdl: string) => void,
  logger?: Logger,
  debounceMs = 200,
): SupergraphWatch {
  let current = initial;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    let next: string;
    try {
      next = readFileSync(path, 'utf8');
    } catch (error) {
      logger?.warn({ err: error, path }, 'supergraph file unreadable; keeping the running schema');
      return;
    }
    if (!next.trim() || next === current) return;
    current = next;
    onChange(next);
  };
  let watcher: FSWatcher | undefined;
  try {
    // Watch the file itself; rename-based saves replace it, so also re-arm on 'rename'.
    const arm = () => {
      watcher?.close();
      watcher = watch(path, { persistent: false }, (event) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          check();
          if (event === 'rename') arm();
        }, debounceMs);
      });
      watcher.on('error', () => {});
    };
    arm();
  } catch (error) {
    logger?.warn({ err: error, path }, 'cannot watch the supergraph file; hot reload is off');
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
