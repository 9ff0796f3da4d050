import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { badInput, refusedWith } from '../../testing/refusal.js';
import { funnel } from './funnel.js';
import { type RetentionInput, retention } from './retention.js';
import { ensureEventsPartition, insertEvents, type RawEvent } from './testing/arrange.js';

let fx: AnalyticsDbFixture;

const ev = (userId: string | null, name: string, at: string): RawEvent => ({ userId, name, at });

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-20T12:00:00Z') });
  await ensureEventsPartition(fx.deps.db);
});
afterAll(() => fx?.stop());

describe('funnel', () => {
  // signup → search → purchase over [03-10, 03-11), 24 h from each user's first signup in range.
  const range = { from: '2026-03-10T00:00:00Z', to: '2026-03-11T00:00:00Z' };
  const steps = ['signup', 'search', 'purchase'];

  beforeAll(async () => {
    await insertEvents(fx.deps.db, [
      // A: all three in order.
      ev('A', 'signup', '2026-03-10T01:00:00Z'),
      ev('A', 'search', '2026-03-10T02:00:00Z'),
      ev('A', 'purchase', '2026-03-10T03:00:00Z'),
      // B: purchase before search: the purchase does not count.
      ev('B', 'signup', '2026-03-10T01:00:00Z'),
      ev('B', 'purchase', '2026-03-10T02:00:00Z'),
      ev('B', 'search', '2026-03-10T03:00:00Z'),
      // C: searched before signing up only.
      ev('C', 'search', '2026-03-10T00:30:00Z'),
      ev('C', 'signup', '2026-03-10T01:00:00Z'),
      // D: search inside the 24 h (after `to`, which is allowed), purchase after them.
      ev('D', 'signup', '2026-03-10T05:00:00Z'),
      ev('D', 'search', '2026-03-11T04:00:00Z'),
      ev('D', 'purchase', '2026-03-11T06:00:00Z'),
      // E: a signup before the range; the first one in range starts the window.
      ev('E', 'signup', '2026-03-09T23:00:00Z'),
      ev('E', 'signup', '2026-03-10T02:00:00Z'),
      ev('E', 'search', '2026-03-10T02:30:00Z'),
      ev('E', 'purchase', '2026-03-10T03:00:00Z'),
      // F: signed up after the range.
      ev('F', 'signup', '2026-03-11T01:00:00Z'),
      ev('F', 'search', '2026-03-11T02:00:00Z'),
      // G: the window runs from the first signup (10:00), not the second (20:00).
      ev('G', 'signup', '2026-03-10T10:00:00Z'),
      ev('G', 'signup', '2026-03-10T20:00:00Z'),
      ev('G', 'search', '2026-03-11T09:30:00Z'),
      ev('G', 'purchase', '2026-03-11T10:30:00Z'),
      // H: two searches, for the repeated-step funnel.
      ev('H', 'search', '2026-03-10T06:00:00Z'),
      ev('H', 'search', '2026-03-10T07:00:00Z'),
      // Anonymous events belong to nobody's funnel.
      ev(null, 'signup', '2026-03-10T01:00:00Z'),
      ev(null, 'search', '2026-03-10T02:00:00Z'),
    ]);
  });

  it('counts users per step in order, within the window of their first step', async () => {
    const result = await funnel(fx.deps, { steps, ...range, windowHours: 24 });
    // step 1: A B C D E G; step 2: A B D E G (C searched only before); step 3: A E.
    expect(result).toEqual([
      { step: 'signup', users: 6, conversion: 1 },
      { step: 'search', users: 5, conversion: 5 / 6 },
      { step: 'purchase', users: 2, conversion: 2 / 6 },
    ]);
  });

  it('narrows with the window, which is [first step, first step + windowHours)', async () => {
    const users = async (windowHours: number) =>
      (await funnel(fx.deps, { steps, ...range, windowHours })).map((s) => s.users);
    // 3 h: D's search (23 h on) and G's (23.5 h on) fall out; A (1 h, 2 h), B (search 2 h) and E
    // (30 min, 1 h) stay.
    expect(await users(3)).toEqual([6, 3, 2]);
    // 2 h: A's purchase and B's search are exactly 2 h on, outside.
    expect(await users(2)).toEqual([6, 2, 1]);
    // 1 h: A's search is exactly 1 h on, E's purchase too; E's search (30 min) is inside.
    expect(await users(1)).toEqual([6, 1, 0]);
  });

  it('needs a repeated step to be a second event', async () => {
    const result = await funnel(fx.deps, { steps: ['search', 'search'], ...range, windowHours: 24 });
    // Searches in range: A B C E H; only H searched again afterwards.
    expect(result.map((s) => s.users)).toEqual([5, 1]);
  });

  it('answers zeros when nobody started', async () => {
    const result = await funnel(fx.deps, {
      steps: ['nothing', 'search'],
      ...range,
      windowHours: 24,
    });
    expect(result).toEqual([
      { step: 'nothing', users: 0, conversion: 0 },
      { step: 'search', users: 0, conversion: 0 },
    ]);
  });

  it('refuses bad input with its field', async () => {
    const ok = { steps, ...range, windowHours: 24 };
    const cases: Array<[Parameters<typeof funnel>[1], string]> = [
      [{ ...ok, steps: ['signup'] }, 'steps'],
      [{ ...ok, steps: Array.from({ length: 11 }, (_, i) => `s${i}`) }, 'steps'],
      [{ ...ok, steps: ['signup', 'Not Valid'] }, 'steps'],
      [{ ...ok, windowHours: 0 }, 'windowHours'],
      [{ ...ok, windowHours: 721 }, 'windowHours'],
      [{ ...ok, from: range.to, to: range.from }, 'to'],
      [{ ...ok, from: '2025-12-01T00:00:00Z', to: '2026-03-01T00:00:01Z' }, 'from'],
    ];
    for (const [input, field] of cases) {
      expect(await refusedWith(funnel(fx.deps, input))).toEqual(badInput(field));
    }
  });
});

describe('retention', () => {
  beforeAll(async () => {
    await insertEvents(fx.deps.db, [
      // Cohort 03-01: R1, R2, R6.
      ev('R1', 'join', '2026-03-01T10:00:00Z'),
      ev('R1', 'visit', '2026-03-01T12:00:00Z'), // k 0
      ev('R1', 'visit', '2026-03-02T09:00:00Z'), // k 1
      ev('R1', 'visit', '2026-03-04T09:00:00Z'), // k 3: beyond 3 periods
      ev('R2', 'join', '2026-03-01T23:00:00Z'),
      ev('R2', 'visit', '2026-03-01T22:00:00Z'), // before joining: not k 0
      ev('R2', 'visit', '2026-03-03T01:00:00Z'), // k 2
      ev('R6', 'join', '2026-03-01T05:00:00Z'),
      ev('R6', 'join', '2026-03-02T05:00:00Z'), // a second join is no new cohort
      // Cohort 03-02: R3, R4.
      ev('R3', 'join', '2026-03-02T05:00:00Z'),
      ev('R3', 'visit', '2026-03-02T06:00:00Z'), // k 0
      ev('R3', 'visit', '2026-03-03T07:00:00Z'), // k 1
      ev('R3', 'visit', '2026-03-03T08:00:00Z'), // k 1 again: one user
      ev('R4', 'join', '2026-02-28T08:00:00Z'), // before the range
      ev('R4', 'join', '2026-03-02T08:00:00Z'),
      ev('R4', 'visit', '2026-03-03T12:00:00Z'), // k 1
      ev('R4', 'visit', '2026-03-04T10:00:00Z'), // k 2
      // After the range.
      ev('R5', 'join', '2026-03-03T01:00:00Z'),
      ev('R5', 'visit', '2026-03-03T02:00:00Z'),
    ]);
  });

  /** Cohorts of `join`, returning `visit`, by day over 3 periods, unless told otherwise. */
  const joinsThenVisits = (input: Partial<RetentionInput>) =>
    retention(fx.deps, { cohort: 'join', returning: 'visit', interval: 'DAY', periods: 3, ...input });

  it('builds the cohort table from first cohort events and returning events per period', async () => {
    const table = await joinsThenVisits({ from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' });
    expect(table).toMatchObject({ cohort: 'join', returning: 'visit', interval: 'DAY' });
    expect(table.cohorts).toEqual([
      {
        period: new Date('2026-03-01T00:00:00Z'),
        users: 3,
        returned: [1, 1, 1],
        rates: [1 / 3, 1 / 3, 1 / 3],
      },
      { period: new Date('2026-03-02T00:00:00Z'), users: 2, returned: [1, 2, 1], rates: [0.5, 1, 0.5] },
    ]);
  });

  it('counts every member in period 0 when cohort and returning are the same event', async () => {
    const table = await joinsThenVisits({
      returning: 'join',
      periods: 2,
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-03T00:00:00Z',
    });
    // R6 joined again on 03-02: back in period 1.
    expect(table.cohorts.map((c) => [c.users, c.returned])).toEqual([
      [3, [3, 1]],
      [2, [2, 0]],
    ]);
  });

  it('works in hours, and lists empty cohorts', async () => {
    const table = await joinsThenVisits({
      interval: 'HOUR',
      from: '2026-03-02T04:00:00Z',
      to: '2026-03-02T09:00:00Z',
    });
    // 05:00: R3 and R6 (R6 joined on 03-01 too, but that is before the range: the first in range
    // counts); R3 visited at 06:00, k 1. 08:00: R4, whose next visit is a day later.
    expect(table.cohorts.map((c) => [c.period.toISOString().slice(11, 16), c.users, c.returned])).toEqual([
      ['04:00', 0, [0, 0, 0]],
      ['05:00', 2, [0, 1, 0]],
      ['06:00', 0, [0, 0, 0]],
      ['07:00', 0, [0, 0, 0]],
      ['08:00', 1, [0, 0, 0]],
    ]);
  });

  it('defaults to the last `periods` periods up to now', async () => {
    const table = await joinsThenVisits({ periods: 4 });
    expect(table.cohorts.map((c) => c.period.toISOString().slice(0, 10))).toEqual([
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
    ]);
  });

  it('refuses minutes and periods outside 1–30', async () => {
    expect(await refusedWith(joinsThenVisits({ interval: 'MINUTE' }))).toEqual(badInput('interval'));
    for (const periods of [0, 31]) {
      expect(await refusedWith(joinsThenVisits({ periods }))).toEqual(badInput('periods'));
    }
    const fiveDaysOfHours = { from: '2026-03-01T00:00:00Z', to: '2026-03-06T00:00:00Z' };
    expect(await refusedWith(joinsThenVisits({ interval: 'HOUR', ...fiveDaysOfHours }))).toEqual(
      badInput('from'),
    );
  });
});
