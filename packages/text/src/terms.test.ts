import { describe, expect, it } from 'vitest';
import { isTermWord, stem, terms, wordSpans, words } from './index.js';

describe('words', () => {
  it('splits on everything but letters and digits, lower-cased, with positions', () => {
    expect(words("The user's K8s-cluster, café № 2")).toEqual([
      'the',
      'user',
      's',
      'k8s',
      'cluster',
      'café',
      '2',
    ]);
    expect(wordSpans('Hi, Zoë')).toEqual([
      { word: 'hi', start: 0, end: 2 },
      { word: 'zoë', start: 4, end: 7 },
    ]);
  });
});

describe('terms', () => {
  it('is words → lower case → no stop words → stems, in order and with repeats', () => {
    expect(terms('Deploying the replicas, then deploying them')).toEqual(['deploy', 'replica', 'deploy']);
  });

  it('drops stop words, question words and lone letters but keeps digits', () => {
    expect(terms("How do I rotate the users' API keys? Port 4000, option b, step 3")).toEqual([
      'rotat',
      'user',
      'api',
      'key',
      'port',
      '4000',
      'option',
      'step',
      '3',
    ]);
  });

  it('is what the pieces give one by one', () => {
    const text = 'Generously backed-up databases survive outages.';
    expect(terms(text)).toEqual(words(text).filter(isTermWord).map(stem));
  });

  it('is empty for text without content words', () => {
    expect(terms('')).toEqual([]);
    expect(terms('What is it? Who are they?')).toEqual([]);
  });
});
