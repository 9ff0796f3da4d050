import { appError, type RequestContext } from '@ukp/kit';
import { type GraphQLError, parse } from 'graphql';
import { canonicalHash, sha256Hex } from './canonical.js';
import { type Manifest, parseDocumentId } from './manifest.js';

export const TRUSTED_DOCUMENTS_MODES = ['off', 'log', 'enforce'] as const;
export type TrustedDocumentsMode = (typeof TRUSTED_DOCUMENTS_MODES)[number];

export type TrustVerdict =
  /** Run `source`; `id` is its manifest id when it was recognised as one (`off` does not look). */
  { verdict: 'allow'; source: string; id: string | undefined } | { verdict: 'reject'; error: GraphQLError };

export type TrustContext = Pick<RequestContext, 'viewer' | 'logger'>;

export interface TrustedDocuments {
  readonly mode: TrustedDocumentsMode;
  /** The trusted document a client names by id (`sha256:<hex>` or hex), if there is one. */
  document(id: unknown): string | undefined;
  /**
   * Whether an operation may run, by the mode and the caller. `source` may be empty when the
   * client named the document instead, in `extensions.documentId` or
   * `extensions.persistedQuery.sha256Hash`; the verdict then carries the manifest's text.
   */
  check(
    source: string | undefined,
    extensions: Record<string, unknown> | undefined,
    context: TrustContext,
  ): TrustVerdict;
}

export interface TrustedDocumentsOptions {
  mode: TrustedDocumentsMode;
  manifest: Manifest;
}

// Texts seen to be a trusted document written differently (typically `print(document)` of a typed
// document), so each is parsed once. Bounded: the texts come from clients.
const RECOGNISED_LIMIT = 1000;

export const trustedDocumentErrors = {
  notAllowed: () =>
    appError(
      'OPERATION_NOT_ALLOWED',
      'Only trusted documents may run here: send one of the operations registered with the gateway, by its document id or in full.',
    ),
  notFound: () =>
    appError(
      'PERSISTED_QUERY_NOT_FOUND',
      'No trusted document has this id: send the full query (with the hash, to register it as an automatic persisted query).',
    ),
  missing: () => appError('BAD_REQUEST', 'Send a non-empty `query`, or a document id.'),
};

/**
 * Trusted documents (persisted operations): the operations codegen found in the client code are
 * the only ones `enforce` lets run; `log` runs the others but warns with their hash, so a team can
 * see what enforcing would break before it does; `off` only resolves document ids.
 * ADMIN tokens may always send ad-hoc operations (Sandbox, incident work).
 */
export function createTrustedDocuments({ mode, manifest }: TrustedDocumentsOptions): TrustedDocuments {
  const recognised = new Map<string, string>();

  function remember(textHash: string, id: string): void {
    if (recognised.size >= RECOGNISED_LIMIT) {
      const oldest = recognised.keys().next().value;
      if (oldest !== undefined) recognised.delete(oldest);
    }
    recognised.set(textHash, id);
  }

  /** The manifest id of the operation `source` is, however it is written; undefined when none. */
  function identify(source: string, textHash: string): string | undefined {
    if (manifest.byId.has(textHash)) return textHash;
    const known = recognised.get(textHash);
    if (known) return known;
    let id: string | undefined;
    try {
      // A query with more tokens than the longest trusted document is not one: stop reading early.
      id = manifest.byCanonicalHash.get(canonicalHash(parse(source, { maxTokens: manifest.maxTokens })));
    } catch {
      return undefined;
    }
    if (id) remember(textHash, id);
    return id;
  }

  function document(id: unknown): string | undefined {
    const hex = parseDocumentId(id);
    return hex === undefined ? undefined : manifest.byId.get(hex);
  }

  return {
    mode,
    document,
    check(source, extensions, context) {
      if (!source) {
        const requested = extensions?.documentId ?? persistedQueryHash(extensions);
        if (requested === undefined) return { verdict: 'reject', error: trustedDocumentErrors.missing() };
        const text = document(requested);
        return text === undefined
          ? { verdict: 'reject', error: trustedDocumentErrors.notFound() }
          : { verdict: 'allow', source: text, id: parseDocumentId(requested) };
      }
      if (mode === 'off') return { verdict: 'allow', source, id: undefined };
      const textHash = sha256Hex(source);
      const id = identify(source, textHash);
      if (id || context.viewer?.roles.includes('ADMIN')) return { verdict: 'allow', source, id };
      if (mode === 'log') {
        context.logger.warn({ operationHash: textHash }, 'operation is not a trusted document');
        return { verdict: 'allow', source, id: undefined };
      }
      return { verdict: 'reject', error: trustedDocumentErrors.notAllowed() };
    },
  };
}

/** Apollo's automatic persisted query hash, when the request carries one. */
export function persistedQueryHash(extensions: Record<string, unknown> | undefined): string | undefined {
  const persisted = extensions?.persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return undefined;
  const hash = (persisted as { sha256Hash?: unknown }).sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}
