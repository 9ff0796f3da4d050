// Released client-facing schemas live in schema/releases/ as <YYYY-MM-DD>[.<n>].graphql; the newest
// by date, then by same-day sequence, is "the last release". No pointer file: one fewer thing to
// keep in step, and a release is a single new file in a pull request.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const releaseName = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.graphql$/;

interface ReleaseKey {
  file: string;
  date: string;
  sequence: number;
}

function keyOf(file: string): ReleaseKey | undefined {
  const match = releaseName.exec(file);
  if (!match) return undefined;
  return { file, date: match[1]!, sequence: match[2] ? Number(match[2]) : 1 };
}

/** Release file names, oldest first. Plain string order would put `2026-12-06.2` before `2026-12-06`. */
export function sortReleases(files: string[]): string[] {
  return files
    .map(keyOf)
    .filter((k): k is ReleaseKey => k !== undefined)
    .sort((a, b) => (a.date === b.date ? a.sequence - b.sequence : a.date < b.date ? -1 : 1))
    .map((k) => k.file);
}

export function latestRelease(dir: string): { file: string; sdl: string } | undefined {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined;
  }
  const file = sortReleases(files).at(-1);
  return file === undefined ? undefined : { file, sdl: readFileSync(resolve(dir, file), 'utf8') };
}

/** The file name for a release made on `date` (YYYY-MM-DD, UTC), after any already made that day. */
export function nextReleaseFile(existing: string[], date: string): string {
  const sameDay = existing.map(keyOf).filter((k) => k?.date === date);
  if (sameDay.length === 0) return `${date}.graphql`;
  const last = Math.max(...sameDay.map((k) => k!.sequence));
  return `${date}.${last + 1}.graphql`;
}
