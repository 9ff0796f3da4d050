import type { Database, EventBus, Logger, Viewer } from '@ukp/kit';
import { withRls } from '@ukp/kit';
import type { TextChangeThrottle } from './text-changes.js';
import type { Vocabulary } from './vocabulary.js';

/** Everything the domain functions need, built once in the composition root. */
export interface KnowledgeDeps {
  /** The owner's connection: migrations and maintenance only. Requests go through `asViewer`. */
  db: Database;
  bus: EventBus;
  logger: Logger;
  now: () => Date;
  vocabulary: Vocabulary;
  /** Largest body in UTF-8 bytes (KNOWLEDGE_BODY_MAX_BYTES). */
  bodyMaxBytes: number;
  /** `document.text_changed` at most once a second per document: live edits and saved changes. */
  textChanges: TextChangeThrottle;
  /**
   * Tests only: false leaves reads to row-level security and the shield rule, to show they hold
   * on their own. The service filters every read itself otherwise.
   */
  filterReads?: boolean;
}

/** The role every request runs as, so the row-level security policies apply to it. */
export const READER_ROLE = 'ukp_knowledge_reader';

/** Runs `fn` in a transaction under row-level security as the caller (anonymous when null). */
export function asViewer<T>(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  return withRls(
    deps.db,
    { role: READER_ROLE, userId: viewer?.userId ?? null, roles: viewer?.roles ?? [] },
    fn,
  );
}
