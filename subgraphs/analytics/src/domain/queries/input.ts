import { errors } from '@ukp/kit';
import { METRIC_NAME } from '../metrics/catalog.js';
import { DAY_MS } from '../metrics/intervals.js';

/** What the DateTime scalar hands over (a Date) or a caller passes by hand (an ISO string). */
export type DateInput = Date | string;

export function toDate(value: DateInput, field: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw errors.badInput(`${field} is not a valid date-time.`, field);
  return date;
}

/** A [from, to) range: from before to, at most `maxDays` long when given. */
export function parseRange(from: DateInput, to: DateInput, maxDays?: number): { from: Date; to: Date } {
  const range = { from: toDate(from, 'from'), to: toDate(to, 'to') };
  if (range.from >= range.to) throw errors.badInput('from must be before to.', 'to');
  if (maxDays !== undefined && range.to.getTime() - range.from.getTime() > maxDays * DAY_MS) {
    throw errors.badInput(`The range may span at most ${maxDays} days.`, 'from');
  }
  return range;
}

export function parseMetric(name: string, field = 'metric'): string {
  if (!METRIC_NAME.test(name)) {
    throw errors.badInput(`${field} must be 1–100 characters of [a-z0-9_.].`, field);
  }
  return name;
}

export function parseIntIn(value: number, min: number, max: number, field: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw errors.badInput(`${field} must be an integer from ${min} to ${max}.`, field);
  }
  return value;
}
