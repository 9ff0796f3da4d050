import { appError, type ErrorCode } from '@ukp/kit';

/** A document as knowledge shows it to the caller, with what the feedback needs. */
export interface KnowledgeDocument {
  id: string;
  version: number;
  tags: string[];
  visibility: 'PUBLIC' | 'PRIVATE';
  authorId: string;
}

/** Knowledge's documents, read and changed as the caller (their bearer token), so its rules decide. */
export interface KnowledgeDocuments {
  /** Null when knowledge does not show the document to the caller (missing, deleted, not theirs to read). */
  read(id: string, authorization: string): Promise<KnowledgeDocument | null>;
  /** `updateDocument` with the new tags; knowledge's FORBIDDEN, CONFLICT … come back with their codes. */
  setTags(id: string, expectedVersion: number, tags: string[], authorization: string): Promise<void>;
}

const FIELDS = 'id version tags visibility author { id }';
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
      const data = await call<{
        document: (Omit<KnowledgeDocument, 'authorId'> & { author: { id: string } }) | null;
      }>(READ, { id }, authorization);
      const d = data.document;
      return d
        ? { id: d.id, version: d.version, tags: d.tags, visibility: d.visibility, authorId: d.author.id }
        : null;
    },
    async setTags(id, expectedVersion, tags, authorization) {
      await call(UPDATE, { id, expectedVersion, tags }, authorization);
    },
  };
}
