import type { DocumentRow } from '../db/schema.js';

export interface SearchHitModel {
  document: DocumentRow;
  score: number;
  /** The matching passage with `<mark>…</mark>` around the hits. */
  snippet: string;
}

export interface SearchResultModel {
  hits: SearchHitModel[];
  didYouMean: string | null;
}

export interface AnswerModel {
  text: string;
  confidence: number;
  sources: SearchHitModel[];
}
