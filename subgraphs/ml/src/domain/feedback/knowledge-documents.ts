import { appError, codeOf, type ErrorCode } from '@ukp/kit';

/**
 * A document as knowledge shows it to the caller: what the feedback needs to change its tags, the
 * text live suggestions start from, and the three fields knowledge's read rule looks at
 * (visibility, status, author), which tell live suggestions when to ask again.
 */
export interface KnowledgeDocument {
  id: string;
  version: number;
  title: string;
  body: string;
  tags: string[];
  visibility: 'PUBLIC' | 'PRIVATE';
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  authorId: string;
}

/** Knowledge's documents, read and changed as the caller (their bearer token), so its rules decide. */
export interface KnowledgeDocuments {
  /**
   * Null when knowledge does not show the document to the caller (missing, deleted, not theirs to
   * read); its UNAUTHENTICATED and FORBIDDEN come back with their codes.
   */
  read(id: string, authorization: string): Promise<KnowledgeDocument | null>;
  /** `updateDocument` with the new tags; knowledge's FORBIDDEN, CONFLICT … come back with their codes. */
  setTags(id: string, expectedVersion: number, tags: string[], authorization: string): Promise<void>;
}

const FIELDS = 'id version title body tags visibility status author { id }';
const READ = `query MlFeedbackDocument($id: ID!) { document(id: $id) { ${FIELDS} } }`;
const UPDATE = `mutation MlAcceptSuggestedTag($id: ID!, $expectedVersion: Int!, $tags: [String!]!) {
  updateDocument(id: $id, expectedVersion: $expectedVersion, input: { tags: $tags }) { id }
}`;

/** Codes knowledge may answer that mean the same to our caller; anything else is knowledge failing. */
const PASSED_THROUGH = new Set<string>([
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'BAD_USER_INPUT',
  'CONFLICT',
]);

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

function unavailable(reason: string) {
  return appError('SUBGRAPH_UNAVAILABLE', 'The knowledge service did not answer; try again.', {
    subgraph: 'knowledge',
    reason,
  });
}

export function knowledgeDocuments(options: {
  url: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}): KnowledgeDocuments {
  const send = options.fetch ?? fetch;

  async function call<T>(
    query: string,
    variables: Record<string, unknown>,
    authorization: string,
    requestId?: string,
  ): Promise<T> {
    let response: Response;
    let answer: GraphqlAnswer<T>;
    try {
      response = await send(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization,
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      answer = (await response.json()) as GraphqlAnswer<T>;
    } catch (error) {
      throw unavailable(error instanceof Error ? error.name : 'error');
    }
    const first = answer.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      if (code && PASSED_THROUGH.has(code)) throw appError(code as ErrorCode, first.message);
      throw unavailable(code ?? `HTTP ${response.status}`);
    }
    if (!answer.data) throw unavailable(`HTTP ${response.status}`);
    return answer.data;
  }

  return {
    async read(id, authorization) {
      let data: { document: (Omit<KnowledgeDocument, 'authorId'> & { author: { id: string } }) | null };
      try {
        data = await call(READ, { id }, authorization);
      } catch (error) {
        if (codeOf(error) === 'NOT_FOUND') return null;
        throw error;
      }
      const d = data.document;
      if (!d) return null;
      const { author, ...fields } = d;
      return { ...fields, authorId: author.id };
    },
    async setTags(id, expectedVersion, tags, authorization) {
      await call(UPDATE, { id, expectedVersion, tags }, authorization);
    },
  };
}
