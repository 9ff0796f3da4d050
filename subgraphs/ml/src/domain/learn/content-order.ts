/**
 * The order training visits examples in, from their content alone. Ids are the store's (random
 * UUIDs for documents), so an order by id would give the same corpus a different hold-out, and a
 * different model, on every fresh start; ordering by content makes the same corpus and seed train
 * the same model whatever the ids and whatever order the examples come in.
 *
 * Sorted by sha256 of `[text, labels sorted and deduplicated]` rather than by the text itself, so
 * that texts sharing a prefix (a title template, a boilerplate header) are not bunched together.
 * Equal hashes (in practice equal content, which trains the same either way) fall back to the
 * text, then the labels.
 */
import { createHash } from 'node:crypto';
import { compareStrings } from './prng.js';
import type { Example } from './types.js';

interface Keyed<T> {
  example: T;
  text: string;
  labels: string;
  hash: string;
}

function keyed<T extends Example>(example: T): Keyed<T> {
  const labels = [...new Set(example.labels)].sort(compareStrings);
  const hash = createHash('sha256')
    .update(JSON.stringify([example.text, labels]), 'utf8')
    .digest('hex');
  return { example, text: example.text, labels: JSON.stringify(labels), hash };
}

/** A sorted copy of `examples` in content order (see above). */
export function contentOrder<T extends Example>(examples: readonly T[]): T[] {
  return examples
    .map(keyed)
    .sort(
      (a, b) =>
        compareStrings(a.hash, b.hash) ||
        compareStrings(a.text, b.text) ||
        compareStrings(a.labels, b.labels),
    )
    .map((k) => k.example);
}
