import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  clientEvents,
  type EventInputLike,
  MAX_AHEAD_MS,
  MAX_EVENTS_PER_CALL,
  MAX_LATE_MS,
  MAX_PROPERTIES_BYTES,
} from './client-events.js';

const NOW = new Date('2026-04-01T12:00:00.000Z');
const ok: EventInputLike = { name: 'page.view' };

/** The error `clientEvents` throws for `inputs`, with the bad event at `index` among good ones. */
function refusal(inputs: EventInputLike[], options: Parameters<typeof clientEvents>[3] = {}): GraphQLError {
  try {
    clientEvents('user-1', inputs, NOW, options);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
}

/** A bad event third in the call: the error names index 2 and the field. */
function expectRefused(bad: EventInputLike, field: string) {
  const error = refusal([ok, ok, bad, ok]);
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', index: 2, field: `events[2].${field}` });
  expect(error.message).toMatch(/^Event 2: /);
}

describe('clientEvents', () => {
  it('maps valid events: the name counted once, the caller as the user, `at` defaulting to now', () => {
    const [first, second] = clientEvents(
      'user-1',
      [
        { id: 'abc', name: 'signup.clicked', properties: { plan: 'pro' } },
        { name: 'x', at: '2026-04-01T11:00:00Z', properties: null },
      ],
      NOW,
    );
    expect(first).toEqual({
      key: 'c:user-1:abc',
      name: 'signup.clicked',
      userId: 'user-1',
      at: NOW,
      properties: { plan: 'pro' },
      source: 'client',
      contributions: [{ metric: 'signup.clicked', kind: 'count', weight: 1 }],
    });
    expect(second).toMatchObject({ key: null, at: new Date('2026-04-01T11:00:00Z'), properties: null });
  });

  it(`takes ${MAX_EVENTS_PER_CALL} events a call and refuses one more`, () => {
    expect(
      clientEvents(
        'u',
        Array.from({ length: MAX_EVENTS_PER_CALL }, () => ok),
        NOW,
      ),
    ).toHaveLength(500);
    const error = refusal(Array.from({ length: MAX_EVENTS_PER_CALL + 1 }, () => ok));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
  });

  it('takes names of 1–100 characters of [a-z0-9_.]', () => {
    expect(
      clientEvents('u', [{ name: 'a' }, { name: 'a'.repeat(100) }, { name: 'a_b.c9' }], NOW),
    ).toHaveLength(3);
    for (const name of ['', 'a'.repeat(101), 'Page', 'page view', 'page-view', 'café', 'a/b'])
      expectRefused({ name }, 'name');
    expectRefused({ name: 42 as unknown as string }, 'name');
  });

  it('refuses the names of the platform’s own metrics and topics', () => {
    for (const name of [
      'signups',
      'requests',
      'latency_ms',
      'latency_p95_ms',
      'user.signed_up',
      'gateway.request',
    ])
      expectRefused({ name }, 'name');
  });

  it('takes properties that are a JSON object (or null) of at most 8 KB of UTF-8', () => {
    // {"k":"…"} is 8 bytes around the value: a value of 8184 bytes makes exactly 8192.
    const exact = { k: 'x'.repeat(MAX_PROPERTIES_BYTES - 8) };
    expect(clientEvents('u', [{ name: 'a', properties: exact }], NOW)[0]?.properties).toBe(exact);
    expectRefused({ name: 'a', properties: { k: 'x'.repeat(MAX_PROPERTIES_BYTES - 7) } }, 'properties');
    // Measured in bytes: 'é' is 2 bytes, so half as many fit.
    expectRefused({ name: 'a', properties: { k: 'é'.repeat(MAX_PROPERTIES_BYTES / 2) } }, 'properties');
    for (const properties of [[1, 2], 'text', 3, true])
      expectRefused({ name: 'a', properties }, 'properties');
  });

  it('refuses properties Postgres could not store (NUL, unpaired surrogates)', () => {
    expectRefused({ name: 'a', properties: { k: 'a\u0000b' } }, 'properties');
    expectRefused({ name: 'a', properties: { k: 'a\uD800b' } }, 'properties');
    expectRefused({ name: 'a', properties: { '\uDC00': 1 } }, 'properties');
    expect(clientEvents('u', [{ name: 'a', properties: { k: '😀 \\u0000' } }], NOW)).toHaveLength(1);
  });

  it('takes ids of 1–100 characters, keyed per user', () => {
    const [event] = clientEvents('user-9', [{ id: 'i'.repeat(100), name: 'a' }], NOW);
    expect(event?.key).toBe(`c:user-9:${'i'.repeat(100)}`);
    expectRefused({ id: '', name: 'a' }, 'id');
    expectRefused({ id: 'i'.repeat(101), name: 'a' }, 'id');
    expectRefused({ id: 'a\u0000', name: 'a' }, 'id');
  });

  it('takes `at` up to 48 hours late and 5 minutes ahead, and refuses beyond', () => {
    const at = (ms: number) => ({ name: 'a', at: new Date(NOW.getTime() + ms) });
    expect(clientEvents('u', [at(-MAX_LATE_MS), at(MAX_AHEAD_MS)], NOW)).toHaveLength(2);
    expectRefused(at(-MAX_LATE_MS - 1), 'at');
    expectRefused(at(MAX_AHEAD_MS + 1), 'at');
    expect(refusal([at(-MAX_LATE_MS - 1)]).message).toMatch(/48 hours/);
    expect(refusal([at(MAX_AHEAD_MS + 1)]).message).toMatch(/5 minutes in the future/);
    expectRefused({ name: 'a', at: 'yesterday' }, 'at');
    expectRefused({ name: 'a', at: new Date(Number.NaN) }, 'at');
  });

  it('refuses events before the oldest day of raw events kept, when that is nearer than 48 hours', () => {
    const earliest = new Date(NOW.getTime() - 3_600_000);
    const error = refusal([ok, { name: 'a', at: new Date(earliest.getTime() - 1) }], { earliest });
    expect(error.extensions).toMatchObject({ index: 1, field: 'events[1].at' });
    expect(clientEvents('u', [{ name: 'a', at: earliest }], NOW, { earliest })).toHaveLength(1);
  });

  it('is all or nothing: the first bad event refuses the call', () => {
    const error = refusal([ok, { name: 'BAD' }, { name: 'a', properties: [] }]);
    expect(error.extensions).toMatchObject({ index: 1, field: 'events[1].name' });
  });
});
