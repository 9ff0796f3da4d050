import { readFileSync } from 'node:fs';
import { stem as porter2 } from 'porter2';
import { describe, expect, it } from 'vitest';
import { stem } from './stem.js';

/** Written by `pnpm --filter @ukp/text stem:reference` from a real PostgreSQL (see the script). */
interface StemReference {
  server: string;
  /** [word, ts_lexize of Snowball English, to_tsvector through the english configuration]. */
  words: Array<[word: string, snowball: string | null, english: string | null]>;
}
const reference: StemReference = JSON.parse(
  readFileSync(new URL('./fixtures/stem-reference.json', import.meta.url), 'utf8'),
);

describe('stem matches PostgreSQL (golden, from the server)', () => {
  // "x²": Postgres's parser reads the word "x" and drops "²" as a blank, where our tokenizer keeps
  // one word "x²"; a tokenizer difference, so there is no stem of "x²" to compare with.
  const comparable = reference.words.filter(([, , english]) => english !== null);

  it('has a few thousand words from the corpus and the edge cases, made by PostgreSQL', () => {
    expect(reference.server).toMatch(/^PostgreSQL /);
    expect(reference.words.length).toBeGreaterThan(3000);
    expect(reference.words.length - comparable.length).toBe(1);
  });

  it(`stems every word as the english configuration does (${comparable.length} of ${comparable.length})`, () => {
    const differences = comparable
      .filter(([word, , english]) => stem(word) !== english)
      .map(([word, , english]) => `${word}: postgres ${english}, ours ${stem(word)}`);
    expect(differences).toEqual([]);
  });

  it(`the library is Snowball English itself: ts_lexize on all ${reference.words.length} words`, () => {
    const differences = reference.words
      .filter(([word, snowball]) => porter2(word) !== snowball)
      .map(([word, snowball]) => `${word}: postgres ${snowball}, porter2 ${porter2(word)}`);
    expect(differences).toEqual([]);
  });
});

describe('stem', () => {
  // Each of these is in the golden file too; here they say what the algorithm does.
  it.each([
    ['deployment', 'deploy'],
    ['deploying', 'deploy'],
    ['generously', 'generous'],
    ['generalization', 'general'],
    ['happiness', 'happi'],
    ['running', 'run'],
    ['ran', 'ran'],
    ['agreed', 'agre'],
    ['feed', 'feed'],
    ['cats', 'cat'],
    ['caresses', 'caress'],
    ['news', 'news'],
    ['dying', 'die'],
    ['lying', 'lie'],
    ['skies', 'sky'],
    ['sky', 'sky'],
    ['only', 'onli'],
    ['succeeding', 'succeed'],
    ['kubernetes', 'kubernet'],
    ['replicas', 'replica'],
    ['cafés', 'café'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('leaves numbers and words with digits alone, as Postgres maps them to `simple`', () => {
    expect(stem('2024')).toBe('2024');
    expect(stem('k8s')).toBe('k8s');
    expect(stem('a11y')).toBe('a11y'); // Snowball alone would make "a11i"
    expect(stem('abc123s')).toBe('abc123s');
  });

  it('leaves short words and words of other scripts alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('größe')).toBe('größe');
    expect(stem('москва')).toBe('москва');
  });
});
