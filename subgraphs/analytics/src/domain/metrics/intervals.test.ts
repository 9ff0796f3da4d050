import { describe, expect, it } from 'vitest';
import { coverRange, pointCount, windowCeil, windowStart } from './intervals.js';

const d = (iso: string) => new Date(iso);
const iso = (segments: ReturnType<typeof coverRange>) =>
  segments.map((s) => [s.interval, s.from.toISOString(), s.to.toISOString()]);

describe('windowStart / windowCeil', () => {
  it('floors and ceils in UTC', () => {
    const at = d('2026-03-01T22:45:31.250Z');
    expect(windowStart(at, 'MINUTE').toISOString()).toBe('2026-03-01T22:45:00.000Z');
    expect(windowStart(at, 'HOUR').toISOString()).toBe('2026-03-01T22:00:00.000Z');
    expect(windowStart(at, 'DAY').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(windowCeil(at, 'HOUR').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(windowCeil(d('2026-03-01T23:00:00Z'), 'HOUR').toISOString()).toBe('2026-03-01T23:00:00.000Z');
  });
});

describe('pointCount', () => {
  it('counts the windows overlapping [from, to)', () => {
    expect(pointCount(d('2026-03-01T00:00Z'), d('2026-03-01T01:00Z'), 'MINUTE')).toBe(60);
    // 00:00:30 → 00:02:00 overlaps the windows 00:00 and 00:01.
    expect(pointCount(d('2026-03-01T00:00:30Z'), d('2026-03-01T00:02Z'), 'MINUTE')).toBe(2);
    expect(pointCount(d('2026-03-01T00:00Z'), d('2026-03-01T00:02:01Z'), 'MINUTE')).toBe(3);
    expect(pointCount(d('2026-03-01T00:00Z'), d('2026-03-01T00:00Z'), 'MINUTE')).toBe(0);
  });
});

describe('coverRange', () => {
  it('uses minutes alone inside one hour', () => {
    expect(iso(coverRange(d('2026-03-01T10:05Z'), d('2026-03-01T10:50Z')))).toEqual([
      ['MINUTE', '2026-03-01T10:05:00.000Z', '2026-03-01T10:50:00.000Z'],
    ]);
  });

  it('uses hours for whole hours and minutes for the ragged edges', () => {
    expect(iso(coverRange(d('2026-03-01T09:30Z'), d('2026-03-01T12:15:20Z')))).toEqual([
      ['MINUTE', '2026-03-01T09:30:00.000Z', '2026-03-01T10:00:00.000Z'],
      ['HOUR', '2026-03-01T10:00:00.000Z', '2026-03-01T12:00:00.000Z'],
      // The window 12:15 overlaps the range (to is 12:15:20), so it is read.
      ['MINUTE', '2026-03-01T12:00:00.000Z', '2026-03-01T12:16:00.000Z'],
    ]);
  });

  it('uses days for whole days, hours then minutes towards each edge', () => {
    expect(iso(coverRange(d('2026-03-01T22:30Z'), d('2026-03-04T01:10Z')))).toEqual([
      ['MINUTE', '2026-03-01T22:30:00.000Z', '2026-03-01T23:00:00.000Z'],
      ['HOUR', '2026-03-01T23:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      ['DAY', '2026-03-02T00:00:00.000Z', '2026-03-04T00:00:00.000Z'],
      ['HOUR', '2026-03-04T00:00:00.000Z', '2026-03-04T01:00:00.000Z'],
      ['MINUTE', '2026-03-04T01:00:00.000Z', '2026-03-04T01:10:00.000Z'],
    ]);
  });

  it('covers every minute exactly once', () => {
    const from = d('2026-01-30T17:43:12Z');
    const to = d('2026-02-09T06:07:00Z');
    const covered: number[] = [];
    const widths = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
    for (const s of coverRange(from, to)) {
      for (let t = s.from.getTime(); t < s.to.getTime(); t += 60_000) covered.push(t);
      expect(s.from.getTime() % widths[s.interval]).toBe(0);
      expect(s.to.getTime() % widths[s.interval]).toBe(0);
    }
    expect(covered).toHaveLength(pointCount(from, to, 'MINUTE'));
    expect(new Set(covered).size).toBe(covered.length);
    expect(Math.min(...covered)).toBe(windowStart(from, 'MINUTE').getTime());
    expect(Math.max(...covered)).toBe(d('2026-02-09T06:06Z').getTime());
    // 9 whole days, 6 + 6 hours, 17 + 7 minutes: about N + 48 + 120 rows at most, as documented.
    expect(coverRange(from, to)).toHaveLength(5);
  });
});
