import {
  appError,
  codeOf,
  DOCUMENT_TEXT_CHANGED,
  type DocumentTextChanged,
  type EventBus,
  errors,
  type Logger,
  type Viewer,
} from '@ukp/kit';
import type { DocumentRef, TagSuggestion } from '../inference/suggestions.js';
import { LatestSlot } from './latest-slot.js';
import type { DocumentAccess, ReadAs } from './readable-document.js';

/**
 * What `Document.suggestedTags` answers this viewer for this text (their rejected tags left out).
 * The seam to the suggestion code: whatever decides per user (traffic splits) decides here too.
 */
export type SuggestFor = (document: DocumentRef, viewer: Viewer) => Promise<TagSuggestion[]>;

export interface Watcher {
  viewer: Viewer;
  /** The subscriber's Authorization header: knowledge is asked as them. */
  authorization: string;
}

export interface SuggestionHubOptions {
  bus: EventBus;
  logger: Logger;
  suggest: SuggestFor;
  read: ReadAs;
  /** At most one computation per document this often (leading and trailing); default 1 s. */
  intervalMs?: number;
  /** Documents followed at once on this instance; default 1,000. */
  maxDocuments?: number;
  /** Subscribers of one document on this instance; default 100. */
  maxSubscribersPerDocument?: number;
}

interface Subscriber {
  watcher: Watcher;
  /** The tag names last delivered, or what subscribing would have answered. */
  last: readonly string[];
  /** The access attributes knowledge last confirmed this subscriber may read under. */
  verified: DocumentAccess;
  slot: LatestSlot<TagSuggestion[]>;
}

interface Followed {
  id: string;
  subscribers: Set<Subscriber>;
  /** Subscriptions being opened: the document stays followed meanwhile. */
  joining: number;
  /** The newest text heard for it. */
  latest: DocumentTextChanged | null;
  /** A text arrived that no computation has seen yet. */
  dirty: boolean;
  computing: Promise<void> | null;
  /** Until this timer fires, no new computation starts. */
  cooling: NodeJS.Timeout | null;
}

export interface SuggestionHub {
  /** Listens for text changes; resolves once listening, with the function that stops the hub. */
  start(): Promise<() => Promise<void>>;
  /**
   * After checking with knowledge, as the caller, that they may read the document (NOT_FOUND
   * otherwise, before anything is followed): each new list of suggestions for them whose tag
   * names differ from the last they had.
   */
  subscribe(documentId: string, watcher: Watcher): Promise<AsyncIterableIterator<TagSuggestion[]>>;
  /** Documents followed and subscribers (tests, diagnostics). */
  size(): { documents: number; subscribers: number };
  /** Resolves when no computation is running (tests). */
  idle(): Promise<void>;
}

const MAX_ID_LENGTH = 100;

const sameNames = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((tag, i) => tag === b[i]);

const sameAccess = (a: DocumentAccess, b: DocumentAccess) =>
  a.visibility === b.visibility && a.status === b.status && a.authorId === b.authorId;

const accessOf = (d: DocumentAccess): DocumentAccess => ({
  visibility: d.visibility,
  status: d.status,
  authorId: d.authorId,
});

const refOf = (event: DocumentTextChanged): DocumentRef => ({
  id: event.documentId,
  title: event.title,
  body: event.body,
  tags: event.tags,
});

/**
 * One per ml instance: follows the documents someone here subscribed to, and on their text
 * changes recomputes suggestions at most once per interval per document (at once for the first
 * change, then once more at the end of the interval if more came), whatever the number of
 * subscribers. Each subscriber gets a list only when its tag names differ from the last it got,
 * and only while knowledge still lets them read the document: when an event shows the document's
 * visibility, status or author changed since their last check, knowledge is asked again as them.
 */
export function createSuggestionHub(options: SuggestionHubOptions): SuggestionHub {
  const intervalMs = options.intervalMs ?? 1000;
  const maxDocuments = options.maxDocuments ?? 1000;
  const maxSubscribers = options.maxSubscribersPerDocument ?? 100;
  const followed = new Map<string, Followed>();
  let stopped = false;

  const tooMany = (what: string) =>
    appError('RATE_LIMITED', `Too many live suggestion subscriptions ${what}; try again later.`, {
      retryAfterSeconds: 30,
    });

  function forget(entry: Followed): void {
    if (entry.subscribers.size > 0 || entry.joining > 0) return;
    if (followed.get(entry.id) === entry) followed.delete(entry.id);
    if (entry.cooling) clearTimeout(entry.cooling);
    entry.cooling = null;
    entry.latest = null;
  }

  function kick(entry: Followed): void {
    if (stopped || entry.computing || entry.cooling || !entry.dirty || !entry.latest) return;
    if (entry.subscribers.size === 0) return;
    entry.dirty = false;
    const event = entry.latest;
    entry.cooling = setTimeout(() => {
      entry.cooling = null;
      kick(entry);
    }, intervalMs);
    entry.cooling.unref();
    entry.computing = compute(entry, event)
      .catch((error: unknown) =>
        options.logger.error({ err: error, documentId: entry.id }, 'live suggestions failed'),
      )
      .finally(() => {
        entry.computing = null;
        kick(entry);
      });
  }

  /** Whether the subscriber may still read, asking knowledge when the access attributes moved. */
  async function stillReadable(subscriber: Subscriber, event: DocumentTextChanged): Promise<boolean> {
    if (sameAccess(subscriber.verified, event)) return true;
    let document: Awaited<ReturnType<ReadAs>>;
    try {
      document = await options.read(event.documentId, subscriber.watcher.authorization);
    } catch (error) {
      if (codeOf(error) === 'UNAUTHENTICATED') {
        subscriber.slot.fail(error);
        return false;
      }
      // Not known either way: nothing is delivered this time, and the next event asks again.
      options.logger.warn(
        { err: error, documentId: event.documentId },
        'live suggestions: access not checked',
      );
      return false;
    }
    if (!document) {
      subscriber.slot.fail(errors.notFound('Document'));
      return false;
    }
    subscriber.verified = accessOf(event);
    return true;
  }

  async function compute(entry: Followed, event: DocumentTextChanged): Promise<void> {
    const document = refOf(event);
    // One computation per user and pass: a user's subscriptions (tabs) share it.
    const perUser = new Map<string, Promise<TagSuggestion[]>>();
    const suggestionsFor = (viewer: Viewer) => {
      let pending = perUser.get(viewer.userId);
      if (!pending) {
        pending = options.suggest(document, viewer);
        perUser.set(viewer.userId, pending);
      }
      return pending;
    };
    await Promise.all(
      [...entry.subscribers].map(async (subscriber) => {
        if (!(await stillReadable(subscriber, event)) || subscriber.slot.ended) return;
        const suggestions = await suggestionsFor(subscriber.watcher.viewer);
        const names = suggestions.map((s) => s.tag);
        if (subscriber.slot.ended || sameNames(names, subscriber.last)) return;
        subscriber.last = names;
        subscriber.slot.push(suggestions);
      }),
    );
  }

  function heard(event: DocumentTextChanged): void {
    // Another service's message: anything but the contract's shape is dropped, not half-used.
    if (typeof event?.documentId !== 'string' || typeof event.body !== 'string' || !Array.isArray(event.tags))
      return;
    const entry = followed.get(event.documentId);
    if (!entry) return;
    entry.latest = event;
    entry.dirty = true;
    kick(entry);
  }

  function reserve(documentId: string): Followed {
    let entry = followed.get(documentId);
    if (!entry) {
      if (followed.size >= maxDocuments) throw tooMany('on this server');
      entry = {
        id: documentId,
        subscribers: new Set(),
        joining: 0,
        latest: null,
        dirty: false,
        computing: null,
        cooling: null,
      };
      followed.set(documentId, entry);
    }
    if (entry.subscribers.size + entry.joining >= maxSubscribers) throw tooMany('for this document');
    entry.joining += 1;
    return entry;
  }

  return {
    async start() {
      const unsubscribe = await options.bus.subscribe<DocumentTextChanged>(DOCUMENT_TEXT_CHANGED, (event) =>
        heard(event.data),
      );
      return async () => {
        stopped = true;
        await unsubscribe();
        for (const entry of followed.values()) {
          if (entry.cooling) clearTimeout(entry.cooling);
          entry.cooling = null;
          for (const subscriber of entry.subscribers) await subscriber.slot.return();
        }
        followed.clear();
      };
    },

    async subscribe(documentId, watcher) {
      if (stopped) throw appError('SHUTTING_DOWN', 'The server is shutting down; subscribe again.');
      if (documentId.length === 0 || documentId.length > MAX_ID_LENGTH) throw errors.notFound('Document');
      // Followed from here, so a text change heard while we ask knowledge is not lost.
      const entry = reserve(documentId);
      let subscriber: Subscriber;
      try {
        const readable = await options.read(documentId, watcher.authorization);
        if (!readable) throw errors.notFound('Document');
        // The newest text known here, else the saved one: what subscribing would have answered.
        const seen = entry.latest;
        const baseline = await options.suggest(seen ? refOf(seen) : readable, watcher.viewer);
        if (stopped) throw appError('SHUTTING_DOWN', 'The server is shutting down; subscribe again.');
        subscriber = {
          watcher,
          last: baseline.map((s) => s.tag),
          verified: accessOf(readable),
          slot: new LatestSlot(() => {
            entry.subscribers.delete(subscriber);
            forget(entry);
          }),
        };
        entry.subscribers.add(subscriber);
        // A newer text came while the baseline was computed: judge it too.
        if (entry.latest !== seen) entry.dirty = true;
      } finally {
        entry.joining -= 1;
        forget(entry);
      }
      kick(entry);
      return subscriber.slot;
    },

    size() {
      let subscribers = 0;
      for (const entry of followed.values()) subscribers += entry.subscribers.size;
      return { documents: followed.size, subscribers };
    },

    async idle() {
      await Promise.all([...followed.values()].map((entry) => entry.computing));
    },
  };
}
