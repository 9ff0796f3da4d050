import { readFileSync } from 'node:fs';
import { GraphQLError, parse } from 'graphql';
import { canonicalHash, countTokens, sha256Hex } from './canonical.js';

/** The trusted documents, indexed for the ways a client may name or send one. */
export interface Manifest {
  /** Document text by the lowercase hex sha256 of that exact text (the manifest's ids). */
  readonly byId: ReadonlyMap<string, string>;
  /** Manifest id by the canonical hash of its document, to recognise the same operation written differently. */
  readonly byCanonicalHash: ReadonlyMap<string, string>;
  /** The most tokens any trusted document has: a query with more cannot be one of them. */
  readonly maxTokens: number;
}

const ID = /^(?:sha256:)?([0-9a-f]{64})$/;

/**
 * A document id as clients send it: `sha256:<hex>` (GraphQL over HTTP's persisted documents and
 * codegen's `__meta__.hash`) or the bare hex (Apollo's `persistedQuery.sha256Hash`). Returns the
 * hex, or undefined for anything else.
 */
export function parseDocumentId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  return ID.exec(id.toLowerCase())?.[1];
}

export class ManifestError extends Error {
  constructor(origin: string, problems: string[]) {
    super(`Trusted documents manifest ${origin} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

/**
 * Reads codegen's persisted-documents manifest (`{ "sha256:<hex>": "<document>" }`). Every id must
 * be the sha256 of its text: a manifest edited by hand, or merged badly, would otherwise let an id
 * stand for an operation nobody reviewed. Every problem is reported at once, and the gateway does
 * not start.
 */
export function parseManifest(json: string, origin: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ManifestError(origin, [`not JSON: ${(error as Error).message}`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ManifestError(origin, ['expected an object of "sha256:<hex>": "<document>" entries']);
  }
  const problems: string[] = [];
  const byId = new Map<string, string>();
  const byCanonicalHash = new Map<string, string>();
  let maxTokens = 0;
  for (const [key, text] of Object.entries(raw)) {
    const id = parseDocumentId(key);
    if (!id) {
      problems.push(`${key}: the id is not "sha256:" followed by 64 lowercase hex digits`);
      continue;
    }
    if (typeof text !== 'string') {
      problems.push(`${key}: the document is not a string`);
      continue;
    }
    const actual = sha256Hex(text);
    if (actual !== id) {
      problems.push(`${key}: does not match its document, whose sha256 is ${actual}`);
      continue;
    }
    try {
      byCanonicalHash.set(canonicalHash(parse(text)), id);
    } catch (error) {
      problems.push(`${key}: ${error instanceof GraphQLError ? error.message : String(error)}`);
      continue;
    }
    byId.set(id, text);
    maxTokens = Math.max(maxTokens, countTokens(text));
  }
  if (problems.length > 0) throw new ManifestError(origin, problems);
  return { byId, byCanonicalHash, maxTokens };
}

export function loadManifest(path: string): Manifest {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ManifestError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  return parseManifest(json, path);
}
