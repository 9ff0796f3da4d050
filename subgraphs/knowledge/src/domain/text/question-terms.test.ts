import { describe, expect, it } from 'vitest';
import { questionTerms } from './question-terms.js';

describe('questionTerms', () => {
  it('drops question words and stopwords and keeps one word per stem', () => {
    expect(
      questionTerms('How many replicas does the deployment run by default? Deploying replicas!'),
    ).toEqual({
      words: ['replicas', 'deployment', 'run', 'default'],
      stems: ['replica', 'deploy', 'run', 'default'],
    });
  });

  it('is empty for a question made only of function words', () => {
    expect(questionTerms('What is it? Who are they?')).toEqual({ words: [], stems: [] });
  });

  it('keeps digits and never yields tsquery syntax', () => {
    expect(questionTerms("Is port 4000 open? x' | !y:*").words).toEqual(['port', '4000', 'open']);
  });
});
