import { describe, expect, it } from 'vitest';
import { type AnswerCandidate, extractAnswer } from './extract-answer.js';
import { questionTerms } from './question-terms.js';

const candidate = (id: string, title: string, body: string, rank = 0.1): AnswerCandidate<string> => ({
  document: id,
  title,
  body,
  rank,
});

const corpus = [
  candidate(
    'deploy',
    'Deploying the API',
    [
      '# Rollout',
      'We deploy with Helm. The deployment runs three replicas by default. Scale it with `kubectl scale`.',
      '',
      '## Ports',
      'The API listens on port 4000 unless `PORT` is set.',
    ].join('\n'),
  ),
  candidate(
    'cache',
    'Caching',
    'Redis caches sessions for 15 minutes. Replicas of Redis are read-only by default.',
  ),
  candidate('noise', 'Team lunch', 'Lunch is at noon. The default menu changes weekly.'),
];

const answer = (question: string, candidates = corpus) =>
  extractAnswer(questionTerms(question).stems, candidates);

describe('extractAnswer', () => {
  it('picks the sentence holding all the terms, with high confidence', () => {
    const result = answer('How many replicas does the deployment run by default?');
    expect(result.sentences[0]?.text).toBe('The deployment runs three replicas by default.');
    expect(result.sentences[0]?.document).toBe('deploy');
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  it('counts a term found only in the title or heading above a sentence as context', () => {
    const result = answer('Which port does the API listen on?');
    expect(result.sentences[0]?.text).toBe('The API listens on port 4000 unless PORT is set.');
    const viaHeading = answer('What port for listening?');
    expect(viaHeading.sentences[0]?.document).toBe('deploy');
  });

  it('answers nothing, with confidence 0, when the best sentence covers too little', () => {
    expect(answer('How do I bake sourdough bread with replicas?')).toEqual({ sentences: [], confidence: 0 });
    expect(answer('anything', [])).toEqual({ sentences: [], confidence: 0 });
    expect(extractAnswer([], corpus)).toEqual({ sentences: [], confidence: 0 });
  });

  it('keeps at most three sentences, without duplicates, in score order', () => {
    const repeated = candidate('copy', 'Copy', 'Redis caches sessions for 15 minutes.');
    const result = answer('How long does Redis cache sessions?', [...corpus, repeated]);
    const texts = result.sentences.map((s) => s.text);
    expect(texts[0]).toBe('Redis caches sessions for 15 minutes.');
    expect(new Set(texts.map((t) => t.toLowerCase())).size).toBe(texts.length);
    expect(texts.length).toBeLessThanOrEqual(3);
    const scores = result.sentences.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('prefers the sentence where the terms stand together', () => {
    // Same length, same terms once each, same rank: only proximity tells them apart.
    const near = candidate('near', 'Notes', 'Rotate the signing key, then archive the old logs safely.', 0.1);
    const far = candidate('far', 'Notes', 'Rotate the logs, then archive old signing material by key.', 0.1);
    expect(answer('How often should I rotate the signing key?', [far, near]).sentences[0]?.document).toBe(
      'near',
    );
  });

  it('breaks an otherwise even tie towards the document the index ranked higher', () => {
    const low = candidate('low', 'A', 'Backups run nightly.', 0.05);
    const high = candidate('high', 'B', 'Backups run hourly.', 0.5);
    expect(answer('When do backups run?', [low, high]).sentences[0]?.document).toBe('high');
  });
});
