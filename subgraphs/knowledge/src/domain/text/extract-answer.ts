import { stem, wordSpans } from '@ukp/text';
import { type Bm25Unit, bm25Model } from './bm25.js';
import { markdownPassages } from './markdown-text.js';
import { proximity } from './proximity.js';
import { splitSentences } from './sentences.js';

/** A document the index retrieved for the question, with its rank there. */
export interface AnswerCandidate<D> {
  document: D;
  title: string;
  /** Markdown. */
  body: string;
  /** The full-text rank (any scale; only ratios between candidates are used). */
  rank: number;
}

export interface ScoredSentence<D> {
  document: D;
  text: string;
  score: number;
  /** In [0, 1]: the share of the question (by term weight) this sentence answers. */
  coverage: number;
  /** In [0, 1]: how sure we are that this sentence answers the question. */
  confidence: number;
}

export interface ExtractedAnswer<D> {
  /** Best first; empty when nothing answers the question well enough. */
  sentences: ScoredSentence<D>[];
  confidence: number;
}

/** The knobs, in one place because they only make sense relative to each other. */
export const ANSWER_TUNING = {
  /** Sentences kept in an answer. */
  maxSentences: 3,
  /** A further sentence must score at least this fraction of the best. */
  relativeCutoff: 0.8,
  /** Below this coverage a sentence does not answer the question (confidence 0). */
  minCoverage: 0.5,
  /** A term found only in the title or section heading counts this much towards coverage. */
  contextWeight: 0.5,
  /** Bonus for matched terms standing close together, as a share of their weight. */
  proximityWeight: 0.3,
  /** Bonus for coming from the document the index ranked first, as a share of the ideal score. */
  rankWeight: 0.25,
  /** Huge bodies are read up to here: answers live in documents, not in megabytes of log dumps. */
  maxBodyChars: 100_000,
};

interface Unit<D> extends Bm25Unit {
  candidate: AnswerCandidate<D>;
  text: string;
  positions: Map<string, number[]>;
  /** Stems of the document title and the heading above the sentence. */
  context: ReadonlySet<string>;
}

function stemsOf(text: string, cache: Map<string, string>): string[] {
  return wordSpans(text).map(({ word }) => {
    let s = cache.get(word);
    if (s === undefined) {
      s = stem(word);
      cache.set(word, s);
    }
    return s;
  });
}

/** Every sentence of every candidate, with the positions of the question's terms in it. */
function unitsOf<D>(candidates: readonly AnswerCandidate<D>[], terms: ReadonlySet<string>): Unit<D>[] {
  const cache = new Map<string, string>();
  const units: Unit<D>[] = [];
  for (const candidate of candidates) {
    const titleStems = stemsOf(candidate.title, cache);
    let context = new Set(titleStems);
    for (const passage of markdownPassages(candidate.body.slice(0, ANSWER_TUNING.maxBodyChars))) {
      if (passage.heading) {
        context = new Set([...titleStems, ...stemsOf(passage.text, cache)]);
        continue;
      }
      for (const text of splitSentences(passage.text)) {
        const stems = stemsOf(text, cache);
        const positions = new Map<string, number[]>();
        const termFrequency = new Map<string, number>();
        stems.forEach((s, at) => {
          if (!terms.has(s)) return;
          const list = positions.get(s);
          if (list) list.push(at);
          else positions.set(s, [at]);
          termFrequency.set(s, (termFrequency.get(s) ?? 0) + 1);
        });
        units.push({ candidate, text, positions, termFrequency, length: stems.length, context });
      }
    }
  }
  return units;
}

const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Scores every sentence of the candidates against the question's stems and picks the answer:
 *
 *   score = BM25(sentence) + contextWeight·Σidf(terms only in title/heading)
 *         + proximityWeight·closeness·Σidf(matched) + rankWeight·(rank / best rank)·Σidf(all)
 *
 * with IDF over all candidate sentences. Confidence is `coverage · (0.7 + 0.3 · fit)`, where
 * coverage is the IDF-weighted share of the terms the sentence has (context terms at half) and
 * fit = min(1, BM25 / Σidf(matched)) is 1 when each matched term occurs in a sentence of
 * average length and drops for long, rambling ones.
 */
export function extractAnswer<D>(
  stems: readonly string[],
  candidates: readonly AnswerCandidate<D>[],
): ExtractedAnswer<D> {
  const none: ExtractedAnswer<D> = { sentences: [], confidence: 0 };
  if (stems.length === 0 || candidates.length === 0) return none;
  const units = unitsOf(candidates, new Set(stems));
  const model = bm25Model(units);
  const idf = new Map(stems.map((s) => [s, model.idf(s)]));
  const ideal = stems.reduce((sum, s) => sum + idf.get(s)!, 0);
  const bestRank = Math.max(...candidates.map((c) => c.rank)) || 1;

  const scored: ScoredSentence<D>[] = [];
  for (const unit of units) {
    if (unit.termFrequency.size === 0) continue;
    let matched = 0;
    let contextOnly = 0;
    for (const s of stems) {
      if (unit.termFrequency.has(s)) matched += idf.get(s)!;
      else if (unit.context.has(s)) contextOnly += idf.get(s)!;
    }
    const bm25 = model.score(unit, stems);
    const score =
      bm25 +
      ANSWER_TUNING.contextWeight * contextOnly +
      ANSWER_TUNING.proximityWeight * proximity(unit.positions) * matched +
      ANSWER_TUNING.rankWeight * (unit.candidate.rank / bestRank) * ideal;
    const coverage = Math.min(1, (matched + ANSWER_TUNING.contextWeight * contextOnly) / ideal);
    const fit = Math.min(1, bm25 / matched);
    scored.push({
      document: unit.candidate.document,
      text: unit.text,
      score,
      coverage,
      confidence: coverage * (0.7 + 0.3 * fit),
    });
  }
  // Only sentences that answer enough of the question compete: one that repeats a single term
  // can outscore one that has them all, but it is not an answer.
  const eligible = scored
    .filter((sentence) => sentence.coverage >= ANSWER_TUNING.minCoverage)
    .sort((a, b) => b.score - a.score);
  const best = eligible[0];
  if (!best) return none;
  const chosen: ScoredSentence<D>[] = [];
  const seen = new Set<string>();
  for (const sentence of eligible) {
    if (chosen.length === ANSWER_TUNING.maxSentences) break;
    if (sentence.score < best.score * ANSWER_TUNING.relativeCutoff) break;
    const key = normalized(sentence.text);
    if (seen.has(key)) continue;
    seen.add(key);
    chosen.push(sentence);
  }
  return { sentences: chosen, confidence: best.confidence };
}
