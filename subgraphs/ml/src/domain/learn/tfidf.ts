/**
 * TF-IDF features over `terms()` output (words → lower case → stop words dropped → Snowball
 * English stems, the pipeline search uses).
 *
 * Vocabulary, fitted on the training documents only (the hold-out never shapes the features):
 * document frequency df(t) = how many training documents hold t; terms with df < minDf are
 * dropped; of the rest the `maxFeatures` with the highest df are kept, ties broken by the term in
 * code-unit order; the kept terms are then sorted in code-unit order and a term's position is its
 * feature index.
 *
 * Value of feature t in a document with n training documents:
 *   tf(t)  = 1 + ln(count of t in the document)             (sublinear; 0 when absent)
 *   idf(t) = ln((1 + n) / (1 + df(t))) + 1                  (smooth: as if one extra document held every term)
 *   x(t)   = tf(t) · idf(t) / ‖tf · idf‖₂                    (each row L2-normalised; an empty row stays 0)
 * which is scikit-learn's `TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm='l2')`.
 * Terms outside the vocabulary are ignored (they count toward the OOV rate, see drift.ts).
 */
import { compareStrings } from './prng.js';
import { type SparseRows, sparseFromRows } from './sparse.js';

export interface VocabularyOptions {
  maxFeatures: number;
  minDf: number;
}

export interface Vocabulary {
  /** Sorted; index = feature. */
  terms: string[];
  idf: Float64Array;
}

export function fitVocabulary(
  documents: readonly (readonly string[])[],
  options: VocabularyOptions,
): Vocabulary {
  const df = new Map<string, number>();
  for (const doc of documents) {
    for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const kept = [...df]
    .filter(([, count]) => count >= options.minDf)
    .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))
    .slice(0, Math.max(0, options.maxFeatures))
    .sort((a, b) => compareStrings(a[0], b[0]));
  const n = documents.length;
  const idf = new Float64Array(kept.length);
  kept.forEach(([, count], j) => {
    idf[j] = Math.log((1 + n) / (1 + count)) + 1;
  });
  return { terms: kept.map(([term]) => term), idf };
}

export function vocabularyIndex(terms: readonly string[]): Map<string, number> {
  return new Map(terms.map((term, j) => [term, j]));
}

/** One L2-normalised TF-IDF row per document (see the module comment). */
export function tfidfRows(
  documents: readonly (readonly string[])[],
  index: ReadonlyMap<string, number>,
  idf: Float64Array,
): SparseRows {
  const rows = documents.map((doc) => {
    const counts = new Map<number, number>();
    for (const term of doc) {
      const j = index.get(term);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const indices = [...counts.keys()].sort((a, b) => a - b);
    const values = indices.map((j) => (1 + Math.log(counts.get(j)!)) * idf[j]!);
    let norm = 0;
    for (const v of values) norm += v * v;
    norm = Math.sqrt(norm);
    return { indices, values: norm > 0 ? values.map((v) => v / norm) : values };
  });
  return sparseFromRows(idf.length, rows);
}
