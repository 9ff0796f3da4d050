import type { Database, Viewer } from '@ukp/kit';
import { and, desc, type SQL, sql } from 'drizzle-orm';
import { type DocumentRow, documentColumns, documents } from '../db/schema.js';
import { readAsViewer, readableWhere } from './access.js';
import type { KnowledgeDeps } from './deps.js';
import { publishQuietly } from './search.js';
import type { AnswerModel, SearchHitModel } from './search-types.js';
import { type AnswerCandidate, extractAnswer, type ScoredSentence } from './text/extract-answer.js';
import { markTerms } from './text/highlight.js';
import { checkQueryText } from './text/query-text.js';
import { questionTerms } from './text/question-terms.js';
import { anyOf } from './text/search-syntax.js';

export const NO_ANSWER = 'I could not find an answer to that in the documents you can read.';

/** Documents the index retrieves for a question before its sentences are read. */
const CANDIDATES = 20;

/** The readable documents sharing any term with the question, best first. */
async function candidatesFor(
  tx: Database,
  tsquery: SQL,
  readable: SQL,
): Promise<AnswerCandidate<DocumentRow>[]> {
  const rank = sql<number>`ts_rank_cd(${documents.search}, ${tsquery})::float8`;
  const rows = await tx
    .select({ ...documentColumns, rank: rank.as('rank') })
    .from(documents)
    .where(and(readable, sql`${documents.search} @@ ${tsquery}`))
    .orderBy(desc(sql`rank`), documents.id)
    .limit(CANDIDATES);
  return rows.map(({ rank: value, ...document }) => ({
    document,
    title: document.title,
    body: document.body,
    rank: Number(value),
  }));
}

/** One cited source per document, its snippet the sentences used from it, in answer order. */
function sourcesOf(sentences: ScoredSentence<DocumentRow>[], stems: ReadonlySet<string>): SearchHitModel[] {
  const byDocument = new Map<string, { document: DocumentRow; score: number; texts: string[] }>();
  for (const sentence of sentences) {
    const entry = byDocument.get(sentence.document.id) ?? {
      document: sentence.document,
      score: sentence.score,
      texts: [],
    };
    entry.texts.push(sentence.text);
    byDocument.set(sentence.document.id, entry);
  }
  return [...byDocument.values()].map(({ document, score, texts }) => ({
    document,
    score,
    snippet: markTerms(texts.join(' … '), stems),
  }));
}

/**
 * An extractive answer: the best one to three sentences of the documents the caller may read,
 * each traceable to a cited source, or an honest "not found" with confidence 0.
 */
export async function ask(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  question: string,
): Promise<AnswerModel> {
  const started = performance.now();
  const text = checkQueryText(question, 'question');
  const terms = questionTerms(text);
  const candidates =
    terms.words.length === 0
      ? []
      : await readAsViewer(deps, viewer, (tx) =>
          candidatesFor(
            tx,
            sql`to_tsquery('english', ${anyOf(terms.words)})`,
            readableWhere(viewer, deps.filterReads),
          ),
        );
  const extracted = extractAnswer(terms.stems, candidates);
  const answer: AnswerModel =
    extracted.sentences.length === 0
      ? { text: NO_ANSWER, confidence: 0, sources: [] }
      : {
          text: extracted.sentences.map((s) => s.text).join(' '),
          confidence: Math.round(extracted.confidence * 1000) / 1000,
          sources: sourcesOf(extracted.sentences, new Set(terms.stems)),
        };
  publishQuietly(deps, 'question.asked', {
    question: text,
    answered: answer.sources.length > 0,
    confidence: answer.confidence,
    latencyMs: performance.now() - started,
    userId: viewer?.userId ?? null,
  });
  return answer;
}
