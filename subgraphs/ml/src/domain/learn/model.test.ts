import { terms } from '@ukp/text';
import { describe, expect, it } from 'vitest';
import { EXPLANATION_SIZE, evaluate, loadModel } from './model.js';
import { syntheticCorpus, TOPICS } from './testing/synthetic-corpus.js';
import { train } from './train.js';
import { ALGORITHMS, type Algorithm } from './types.js';

const corpus = syntheticCorpus({ seed: 11, documents: 120, topicShare: 0.05, minWords: 50, maxWords: 400 });
const trained = Object.fromEntries(
  ALGORITHMS.map((a) => [a, train(corpus, { algorithm: a, seed: 3 })]),
) as Record<Algorithm, ReturnType<typeof train>>;
const models = Object.fromEntries(ALGORITHMS.map((a) => [a, loadModel(trained[a].artifact)])) as Record<
  Algorithm,
  ReturnType<typeof loadModel>
>;

const databaseText = `We tuned the postgres index on the replica: every query in the transaction now uses the
  index, vacuum runs nightly and the schema migration added a partition per month. ${corpus[0]!.text.slice(0, 300)}`;
const texts = [
  ...corpus.slice(0, 25).map((e) => e.text),
  databaseText,
  '',
  'zzz qqq unheard words only',
  'postgres',
];

describe.each(ALGORITHMS)('%s predictions', (algorithm) => {
  const model = models[algorithm];

  it('are the same in a batch as one by one', () => {
    expect(model.predict(texts)).toEqual(texts.map((t) => model.predict([t])[0]));
    expect(model.predict([])).toEqual([]);
  });

  it('score every label, most probable first, and name the top one', () => {
    for (const p of model.predict(texts)) {
      expect(p.scores.map((s) => s.label).sort()).toEqual([...model.labels]);
      p.scores.forEach((s, i) => {
        expect(s.probability).toBeGreaterThanOrEqual(0);
        expect(s.probability).toBeLessThanOrEqual(1);
        if (i > 0) expect(s.probability).toBeLessThanOrEqual(p.scores[i - 1]!.probability);
      });
      expect(p.label).toBe(p.scores[0]!.label);
      expect(p.confidence).toBe(p.scores[0]!.probability);
      expect(p.explanation.length).toBeLessThanOrEqual(EXPLANATION_SIZE);
      p.explanation.forEach((f, i) => {
        if (i > 0) expect(Math.abs(f.weight)).toBeLessThanOrEqual(Math.abs(p.explanation[i - 1]!.weight));
      });
    }
  });

  it('explain a topic by its words, with positive contributions', () => {
    const [p] = model.predict([databaseText]);
    expect(p!.label).toBe('databases');
    const topicStems = new Set(TOPICS.databases!.flatMap((w) => terms(w)));
    const fromTopic = p!.explanation.filter((f) => topicStems.has(f.feature));
    expect(fromTopic.length).toBeGreaterThanOrEqual(3);
    for (const f of fromTopic) expect(f.weight).toBeGreaterThan(0);
    expect(fromTopic.map((f) => f.feature)).toContain(terms('postgres')[0]);
  });

  it('evaluate reproduces the hold-out metrics from the test ids', () => {
    const held = new Set(trained[algorithm].testIds);
    const { accuracy, macroF1, testSize } = trained[algorithm].metrics;
    expect(
      evaluate(
        model,
        corpus.filter((e) => held.has(e.id)),
      ),
    ).toEqual({ accuracy, macroF1, testSize });
  });

  it('still answer for a text without a known term, with nothing to explain', () => {
    const [empty, unknown] = model.predict(['', 'zzz qqq unheard words only']);
    expect(empty!.explanation).toEqual([]);
    expect(unknown!.explanation).toEqual([]);
    expect(unknown!.scores).toEqual(empty!.scores);
  });
});

describe('ENSEMBLE', () => {
  it('averages the two probabilities and explains with the logistic part', () => {
    const [ensemble, logistic, bayes] = (['ENSEMBLE', 'LOGISTIC_REGRESSION', 'NAIVE_BAYES'] as const).map(
      (a) => models[a].predict(texts),
    );
    let sameTop = 0;
    texts.forEach((_, i) => {
      const e = ensemble![i]!;
      const probability = (p: typeof e, label: string) =>
        p.scores.find((s) => s.label === label)!.probability;
      for (const { label, probability: pe } of e.scores) {
        expect(pe).toBeCloseTo((probability(logistic![i]!, label) + probability(bayes![i]!, label)) / 2, 14);
      }
      if (logistic![i]!.label === e.label) {
        sameTop++;
        expect(e.explanation).toEqual(logistic![i]!.explanation);
      }
    });
    expect(sameTop).toBeGreaterThan(texts.length / 2);
  });
});
