import type { KnowledgeDocument, KnowledgeDocuments } from '../feedback/knowledge-documents.js';
import type { DocumentRef } from '../inference/suggestions.js';

/** What decides who may read a document: knowledge's rule reads these three. */
export type DocumentAccess = Pick<KnowledgeDocument, 'visibility' | 'status' | 'authorId'>;

export type ReadableDocument = Required<DocumentRef> & DocumentAccess;

/**
 * Reads a document from knowledge as the caller (their Authorization header), so knowledge's own
 * rules decide whether they may. Null when knowledge does not show it to them.
 */
export type ReadAs = (documentId: string, authorization: string) => Promise<ReadableDocument | null>;

/** The feedback's knowledge client, narrowed to what live suggestions read. */
export function readAsCaller(knowledge: Pick<KnowledgeDocuments, 'read'>): ReadAs {
  return async (id, authorization) => {
    const d = await knowledge.read(id, authorization);
    if (!d) return null;
    return {
      id: d.id,
      title: d.title,
      body: d.body,
      tags: d.tags,
      visibility: d.visibility,
      status: d.status,
      authorId: d.authorId,
    };
  };
}
