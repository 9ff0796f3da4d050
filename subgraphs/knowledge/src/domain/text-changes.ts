import { DOCUMENT_TEXT_CHANGED, type DocumentTextChanged, type EventBus, type Logger } from '@ukp/kit';
import type { DocumentRow } from '../db/schema.js';
import { realScheduler, type Scheduler } from './collab/scheduler.js';

/** Reads the event when it is sent, so a trailing send carries the text as it is by then. */
export type TextReader = () => DocumentTextChanged | null;

export interface TextChangeThrottleOptions {
  bus: EventBus;
  logger: Logger;
  scheduler?: Scheduler;
  /** At most one event per document per this long; default 1 s. */
  intervalMs?: number;
  /** Documents remembered at once; past it, events go out unthrottled rather than pile up. */
  maxTracked?: number;
}

interface Window {
  /** The change heard during this window, sent when it closes. */
  next: TextReader | null;
  close: () => void;
}

/**
 * `document.text_changed` for each document at most once per interval on this instance: the first
 * change goes out at once, later ones in the same interval collapse into one sent when it ends, so
 * the last text of a burst always goes out. Memory holds only documents changed in the last
 * interval, and at most `maxTracked` of them.
 */
export class TextChangeThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly sending = new Set<Promise<void>>();
  private readonly scheduler: Scheduler;
  private readonly intervalMs: number;
  private readonly maxTracked: number;
  private stopped = false;

  constructor(private readonly options: TextChangeThrottleOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  /** Documents with an open window (tests, diagnostics). */
  get tracked(): number {
    return this.windows.size;
  }

  changed(documentId: string, read: TextReader): void {
    const open = this.windows.get(documentId);
    if (open) {
      open.next = read;
      return;
    }
    this.send(documentId, read);
    if (!this.stopped && this.windows.size < this.maxTracked) this.openWindow(documentId);
  }

  /** Sends what is waiting, cancels every timer, and waits for the sends. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [documentId, window] of this.windows) {
      window.close();
      if (window.next) this.send(documentId, window.next);
    }
    this.windows.clear();
    await Promise.all(this.sending);
  }

  private openWindow(documentId: string): void {
    const window: Window = { next: null, close: () => undefined };
    window.close = this.scheduler.after(this.intervalMs, () => {
      if (this.windows.get(documentId) !== window) return;
      this.windows.delete(documentId);
      // Changes kept coming: send the last one and keep the document throttled.
      if (window.next) this.changed(documentId, window.next);
    });
    this.windows.set(documentId, window);
  }

  private send(documentId: string, read: TextReader): void {
    let event: DocumentTextChanged | null;
    try {
      event = read();
    } catch (error) {
      this.options.logger.warn({ err: error, documentId }, 'could not read the changed text');
      return;
    }
    if (!event) return;
    const sent = this.options.bus
      .publish(DOCUMENT_TEXT_CHANGED, event)
      .catch((error: unknown) => {
        // Not durable by design: the next change sends the newer text anyway.
        this.options.logger.warn({ err: error, documentId }, 'could not publish a text change');
      })
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }
}

export function textChangedEvent(
  row: Pick<DocumentRow, 'id' | 'title' | 'tags' | 'authorId' | 'visibility' | 'status'>,
  body: string,
  at: Date,
): DocumentTextChanged {
  return {
    documentId: row.id,
    title: row.title,
    body,
    tags: [...row.tags],
    authorId: row.authorId,
    visibility: row.visibility,
    status: row.status,
    at: at.toISOString(),
  };
}
