/**
 * Okapi BM25 over a small in-memory collection (the sentences of the candidate documents):
 * rare terms weigh more, repeated terms saturate, and long units are normalised to the average.
 */
export interface Bm25Unit {
  /** Term → how often it occurs in the unit. */
  termFrequency: ReadonlyMap<string, number>;
  /** In tokens. */
  length: number;
}

export interface Bm25Model {
  /** Always > 0 (the "+1" variant), so a term every unit has still counts a little. */
  idf(term: string): number;
  score(unit: Bm25Unit, terms: readonly string[]): number;
}

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

export function bm25Model(units: readonly Bm25Unit[], k1 = BM25_K1, b = BM25_B): Bm25Model {
  const n = units.length;
  const averageLength = n === 0 ? 1 : Math.max(1, units.reduce((sum, u) => sum + u.length, 0) / n);
  const idfCache = new Map<string, number>();

  const idf = (term: string): number => {
    let value = idfCache.get(term);
    if (value === undefined) {
      const df = units.reduce((count, u) => count + (u.termFrequency.has(term) ? 1 : 0), 0);
      value = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      idfCache.set(term, value);
    }
    return value;
  };

  return {
    idf,
    score(unit, terms) {
      let total = 0;
      const norm = k1 * (1 - b + (b * unit.length) / averageLength);
      for (const term of terms) {
        const tf = unit.termFrequency.get(term) ?? 0;
        if (tf > 0) total += (idf(term) * tf * (k1 + 1)) / (tf + norm);
      }
      return total;
    },
  };
}
