import { codeOf, errors, type Viewer } from '@ukp/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { suggestionFeedback } from '../../db/schema.js';
import type { MlDeps } from '../deps.js';
import type { Inference } from '../inference/predict.js';
import { TAG_MODEL_NAME } from '../registry/model-record.js';
import type { KnowledgeDocuments } from './knowledge-documents.js';

export const FEEDBACK_TOPICS = {
  accepted: 'ml.suggestion_accepted',
  rejected: 'ml.suggestion_rejected',
} as const;

export interface SuggestionFeedbackEvent {
  model: string;
  version: number;
  userId: string;
  documentId: string;
  tag: string;
  at: string;
}

/** A tag is 1–100 characters (knowledge checks its own format on write); bounded before any work. */
const MAX_TAG_LENGTH = 100;
const MAX_ID_LENGTH = 100;
/** Concurrent edits between our read and our write: read again this many times. */
const CONFLICT_RETRIES = 2;

export interface FeedbackCaller {
  viewer: Viewer;
  /** The caller's own Authorization header: knowledge is asked as them. */
  authorization: string | undefined;
  requestId: string;
}

export function createSuggestionFeedback(deps: MlDeps, inference: Inference, knowledge: KnowledgeDocuments) {
  function checkInput(documentId: string, tag: string): void {
    if (documentId.length === 0 || documentId.length > MAX_ID_LENGTH)
      throw errors.badInput('documentId is not a document id.', 'documentId');
    if (tag.length === 0 || tag.length > MAX_TAG_LENGTH)
      throw errors.badInput(`tag must be 1–${MAX_TAG_LENGTH} characters.`, 'tag');
  }

  /**
   * The tag model version that suggests to this user — production, or their version under a
   * traffic split, so the feedback is that version's conversion — which must know the tag (it is
   * what it could have suggested).
   */
  async function modelFor(tag: string, userId: string) {
    let model: Awaited<ReturnType<Inference['resolve']>>;
    try {
      ({ model } = await inference.route(TAG_MODEL_NAME, {}, userId));
    } catch (error) {
      if (codeOf(error) === 'NOT_FOUND')
        throw errors.badInput(`No ${TAG_MODEL_NAME} model is in production: nothing was suggested.`, 'tag');
      throw error;
    }
    if (!model.labels.includes(tag))
      throw errors.badInput(
        `${JSON.stringify(tag)} is not a tag the ${TAG_MODEL_NAME} model suggests.`,
        'tag',
      );
    return model;
  }

  function authorizationOf(caller: FeedbackCaller): string {
    if (!caller.authorization) throw errors.unauthenticated();
    return caller.authorization;
  }

  function publish(topic: string, event: SuggestionFeedbackEvent): void {
    deps.bus.publish(topic, event).catch((error: unknown) => {
      deps.logger.warn({ err: error, topic }, 'suggestion feedback not published');
    });
  }

  return {
    /**
     * Adds the tag through knowledge's `updateDocument` as the caller: knowledge's own rules
     * decide who may (its FORBIDDEN comes back as is). A tag already there is left as it is.
     */
    async accept(caller: FeedbackCaller, documentId: string, tag: string): Promise<{ id: string }> {
      checkInput(documentId, tag);
      const authorization = authorizationOf(caller);
      const model = await modelFor(tag, caller.viewer.userId);
      for (let attempt = 0; ; attempt++) {
        const document = await knowledge.read(documentId, authorization);
        if (!document) throw errors.notFound(`Document ${documentId}`);
        if (document.tags.includes(tag)) return { id: document.id };
        try {
          await knowledge.setTags(document.id, document.version, [...document.tags, tag], authorization);
        } catch (error) {
          if (codeOf(error) === 'CONFLICT' && attempt < CONFLICT_RETRIES) continue;
          throw error;
        }
        publish(FEEDBACK_TOPICS.accepted, {
          model: model.name,
          version: model.version,
          userId: caller.viewer.userId,
          documentId: document.id,
          tag,
          at: deps.now().toISOString(),
        });
        return { id: document.id };
      }
    },

    /**
     * Records that the caller does not want the tag suggested for the document again. Who may: the
     * caller must be able to edit the document, judged on what knowledge shows them (it must show
     * them the document at all) with knowledge's rule for editing its tags: the author or an ADMIN
     * on any, an EDITOR on a PUBLIC one. A probe `updateDocument` would delegate entirely, but it
     * would save a revision for nothing.
     */
    async reject(caller: FeedbackCaller, documentId: string, tag: string): Promise<boolean> {
      checkInput(documentId, tag);
      const authorization = authorizationOf(caller);
      const model = await modelFor(tag, caller.viewer.userId);
      const document = await knowledge.read(documentId, authorization);
      if (!document) throw errors.notFound(`Document ${documentId}`);
      const { userId, roles } = caller.viewer;
      const mayEdit =
        document.authorId === userId ||
        roles.includes('ADMIN') ||
        (roles.includes('EDITOR') && document.visibility === 'PUBLIC');
      if (!mayEdit) throw errors.forbidden('Only editors of the document may reject its suggestions.');
      await deps.db
        .insert(suggestionFeedback)
        .values({ userId, documentId: document.id, tag, modelId: model.id })
        .onConflictDoNothing();
      publish(FEEDBACK_TOPICS.rejected, {
        model: model.name,
        version: model.version,
        userId,
        documentId: document.id,
        tag,
        at: deps.now().toISOString(),
      });
      return true;
    },
  };
}

export type SuggestionFeedback = ReturnType<typeof createSuggestionFeedback>;

/** The tags `userId` rejected, per document id (one statement for a request's documents). */
export async function rejectedTags(
  db: MlDeps['db'],
  userId: string,
  documentIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const rejected = new Map<string, Set<string>>();
  if (documentIds.length === 0) return rejected;
  const rows = await db
    .select({ documentId: suggestionFeedback.documentId, tag: suggestionFeedback.tag })
    .from(suggestionFeedback)
    .where(
      and(
        eq(suggestionFeedback.userId, userId),
        inArray(suggestionFeedback.documentId, [...new Set(documentIds)]),
      ),
    );
  for (const { documentId, tag } of rows) {
    const tags = rejected.get(documentId) ?? new Set<string>();
    tags.add(tag);
    rejected.set(documentId, tags);
  }
  return rejected;
}
