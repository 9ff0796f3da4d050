import type { Logger } from '@ukp/kit';
import type { Example } from '../learn/index.js';

/**
 * Where labelled documents come from: training reads every example, the promotion gate the
 * hold-out's. Tests hand in their own; the service reads knowledge over HTTP.
 */
export interface CorpusSource {
  examples(): Promise<Example[]>;
}

/** A document as a training example: its text is the title, a blank line, the body; its labels its tags. */
export function documentText(title: string, body: string): string {
  return `${title}\n\n${body}`;
}

const PAGE_SIZE = 100;

/**
 * Anonymous on purpose: a model serves everyone, so it learns only from what everyone may read.
 * The filter says so too, should a credential ever be added.
 */
const CORPUS_QUERY = `query MlTrainingCorpus($first: Int!, $after: String) {
  documents(filter: { status: PUBLISHED, visibility: PUBLIC }, first: $first, after: $after) {
    edges { node { id title body tags } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface CorpusPage {
  data?: {
    documents?: {
      edges: Array<{ node: { id: string; title: string; body: string; tags: string[] } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface KnowledgeCorpusOptions {
  /** The knowledge subgraph's /graphql (ML_KNOWLEDGE_URL). */
  url: string;
  timeoutMs: number;
  /** Reading stops after this many documents (ML_MAX_TRAINING_DOCUMENTS). */
  maxDocuments: number;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** The published public documents of the knowledge subgraph, page by page over GraphQL. */
export function knowledgeCorpus(options: KnowledgeCorpusOptions): CorpusSource {
  const send = options.fetch ?? fetch;
  return {
    async examples() {
      const examples: Example[] = [];
      let after: string | null = null;
      for (;;) {
        const response = await send(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': `ml-corpus-${Date.now()}` },
          body: JSON.stringify({ query: CORPUS_QUERY, variables: { first: PAGE_SIZE, after } }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const page = (await response.json().catch(() => ({}))) as CorpusPage;
        const documents = page.data?.documents;
        if (!response.ok || !documents) {
          const reason = page.errors?.[0]?.message ?? `HTTP ${response.status}`;
          throw new Error(`knowledge did not list documents: ${reason}`);
        }
        for (const { node } of documents.edges) {
          examples.push({ id: node.id, text: documentText(node.title, node.body), labels: node.tags });
        }
        const { hasNextPage, endCursor } = documents.pageInfo;
        if (!hasNextPage || !endCursor || examples.length >= options.maxDocuments) break;
        after = endCursor;
      }
      if (examples.length >= options.maxDocuments) {
        options.logger?.warn(
          { max: options.maxDocuments },
          'training corpus truncated at ML_MAX_TRAINING_DOCUMENTS',
        );
      }
      return examples.slice(0, options.maxDocuments);
    },
  };
}

/** A fixed list (tests, benchmarks). */
export function staticCorpus(examples: readonly Example[]): CorpusSource {
  return { examples: async () => examples.map((e) => ({ ...e, labels: [...e.labels] })) };
}
