import { isTermWord, stem, words } from '@ukp/text';

export interface QuestionTerms {
  /** The content words as asked (lower-cased), for the index query. */
  words: string[];
  /** Their stems, one per distinct stem, for scoring sentences. */
  stems: string[];
}

// A question longer than this is a paragraph; the first terms carry enough to retrieve by.
const MAX_TERMS = 24;

/** "How do I deploy to Kubernetes?" → words [deploy, kubernetes], stems [deploy, kubernet]. */
export function questionTerms(question: string): QuestionTerms {
  const result: QuestionTerms = { words: [], stems: [] };
  for (const word of words(question)) {
    if (!isTermWord(word)) continue;
    const s = stem(word);
    if (result.stems.includes(s)) continue;
    result.words.push(word);
    result.stems.push(s);
    if (result.stems.length === MAX_TERMS) break;
  }
  return result;
}
