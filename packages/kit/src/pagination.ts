import { errors } from './errors.js';

/** Relay connection helpers shared by every subgraph. Cursors are opaque base64url JSON. */
export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE) {
    throw errors.badInput(`first must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  return n;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor this service issued; anything else is BAD_USER_INPUT on `after`. */
export function decodeCursor<T>(
  cursor: string | null | undefined,
  check: (value: unknown) => value is T,
): T | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    if (cursor.length > 512) throw new Error('too long');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {}
  throw errors.badInput('after is not a cursor from this list.', 'after');
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Builds a connection from `limit + 1` fetched rows (the extra row only says there is a next page). */
export function toConnection<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => unknown,
  totalCount: number,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** A keyset cursor: a timestamp and an id, for lists ordered by (time desc, id desc). */
export interface TimeIdCursor {
  t: string;
  id: string;
}

export function isTimeIdCursor(value: unknown): value is TimeIdCursor {
  const v = value as TimeIdCursor | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.t === 'string' &&
    typeof v.id === 'string' &&
    !Number.isNaN(Date.parse(v.t)) &&
    /^[0-9a-f-]{36}$/i.test(v.id)
  );
}
