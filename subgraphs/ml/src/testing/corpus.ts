import type { Example } from '../domain/learn/index.js';
import { mulberry32 } from '../domain/learn/prng.js';
import { syntheticCorpus } from '../domain/learn/testing/synthetic-corpus.js';
import { type CorpusSource, staticCorpus } from '../domain/training/corpus.js';

/** A small seeded corpus (8 topics, short documents): trains in well under a second. */
export function smallExamples(documents = 160, seed = 7): Example[] {
  return syntheticCorpus({ seed, documents, minWords: 60, maxWords: 200, rareWords: 500 });
}

/** A corpus whose examples a test can swap (e.g. to make a worse or better candidate). */
export function mutableCorpus(initial: Example[]): CorpusSource & { set(examples: Example[]): void } {
  let current = initial;
  return {
    examples: () => staticCorpus(current).examples(),
    set(examples) {
      current = examples;
    },
  };
}

/** The same documents with their tags shuffled among them: a model of it is no better than chance. */
export function shuffledLabels(examples: readonly Example[], seed = 1): Example[] {
  const uniform = mulberry32(seed);
  const labels = examples.map((e) => e.labels);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return examples.map((e, i) => ({ ...e, labels: labels[i]! }));
}
