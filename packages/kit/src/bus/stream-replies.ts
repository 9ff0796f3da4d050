import type { Logger } from 'pino';
import type { BusEvent } from './event-bus.js';
import { STREAM_EVENT_FIELD } from './redis-bus.js';

/** One stream entry; `event` is undefined when the entry was deleted (trimmed) or unreadable. */
export interface StreamEntry {
  stream: string;
  id: string;
  event: BusEvent | undefined;
}

/**
 * XREADGROUP's reply as `[stream, entries]` pairs: RESP2 nests them (`[[stream, entries], …]`),
 * RESP3 answers a map, which ioredis's default (legacy) mapping flattens to `[stream, entries, …]`.
 */
export function streamsOfReadReply(reply: unknown): Array<[string, unknown]> {
  if (!Array.isArray(reply)) {
    return reply && typeof reply === 'object' ? Object.entries(reply as Record<string, unknown>) : [];
  }
  if (reply.every((item) => Array.isArray(item))) {
    return reply.map((pair: unknown[]) => [String(pair[0]), pair[1]]);
  }
  const pairs: Array<[string, unknown]> = [];
  for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), reply[i + 1]]);
  return pairs;
}

function isBusEvent(value: unknown): value is BusEvent {
  if (!value || typeof value !== 'object') return false;
  const { id, topic, at } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof topic === 'string' && typeof at === 'string';
}

function eventOf(fields: unknown): BusEvent | undefined | null {
  // Null fields: the entry was trimmed away while it was pending.
  if (!Array.isArray(fields)) return null;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== STREAM_EVENT_FIELD) continue;
    try {
      const parsed: unknown = JSON.parse(String(fields[i + 1]));
      return isBusEvent(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `[[id, fields], …]` as entries; one that cannot be read is logged and kept, to be acknowledged. */
export function streamEntriesOf(stream: string, raw: unknown, logger: Logger): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: StreamEntry[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    const event = eventOf(item[1]);
    if (event === undefined) logger.warn({ stream, id: item[0] }, 'skipping an unreadable stream entry');
    entries.push({ stream, id: item[0], event: event ?? undefined });
  }
  return entries;
}
