import type { Logger } from '@ukp/kit';
import { codeOf } from '@ukp/kit';
import { TAG_MODEL_NAME } from '../registry/model-record.js';
import { documentText } from '../training/corpus.js';
import type { Inference } from './predict.js';

/** Suggestions per document. */
export const MAX_SUGGESTIONS = 5;

/** A document as the gateway hands it over (`@requires(fields: "title body tags")`). */
export interface DocumentRef {
  id: string;
  title?: string | null;
  body?: string | null;
  tags?: readonly string[] | null;
}

export interface TagSuggestion {
  tag: string;
  confidence: number;
}

/** The first `maxBytes` UTF-8 bytes of `text` (a cut character is dropped, not mangled). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}

export interface SuggestOptions {
  /** Tags below this probability are not suggested (ML_SUGGESTION_MIN_CONFIDENCE). */
  minConfidence: number;
  maxTextBytes: number;
  logger: Logger;
  /** The signed-in caller, whom a traffic split may route to another version (undefined: anonymous). */
  userId?: string | undefined;
  /** Tags not to suggest per document id (those the caller rejected there). */
  exclude?: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * `Document.suggestedTags` for a batch of documents (one request's): the `document-tags` model's
 * `production` version (or the caller's version under a traffic split, an exposure), one vectorised prediction for all of them (cached per text), then per
 * document up to 5 tags with probability ≥ the floor, most probable first, leaving out the tags
 * it already has. The same text as training (title, blank line, body), cut to the size `predict`
 * accepts. No production version yet: empty lists. Suggestions are an aid, not the document: a
 * failure is logged and answers empty lists rather than failing the document's query.
 */
export async function suggestTags(
  inference: Inference,
  documents: readonly DocumentRef[],
  options: SuggestOptions,
): Promise<TagSuggestion[][]> {
  const none = documents.map(() => []);
  let routed: Awaited<ReturnType<Inference['route']>>;
  try {
    routed = await inference.route(TAG_MODEL_NAME, {}, options.userId);
  } catch (error) {
    if (codeOf(error) !== 'NOT_FOUND')
      options.logger.error({ err: error }, 'suggestedTags: model lookup failed');
    return none;
  }
  try {
    const texts = documents.map((d) =>
      truncateUtf8(documentText(d.title ?? '', d.body ?? ''), options.maxTextBytes),
    );
    const predictions = await inference.predictWith(routed.model, texts);
    if (predictions.length > 0) inference.served(routed);
    return predictions.map((prediction, i) => {
      const document = documents[i]!;
      const existing = new Set([...(document.tags ?? []), ...(options.exclude?.get(document.id) ?? [])]);
      return prediction.scores
        .filter((s) => s.probability >= options.minConfidence && !existing.has(s.label))
        .slice(0, MAX_SUGGESTIONS)
        .map((s) => ({ tag: s.label, confidence: s.probability }));
    });
  } catch (error) {
    options.logger.error({ err: error }, 'suggestedTags: prediction failed');
    return none;
  }
}
