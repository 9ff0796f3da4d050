import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Role, silentLogger } from '@ukp/kit';
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from './canonical.js';
import { trustedDocumentsEnv } from './env.js';
import { loadManifest, parseManifest } from './manifest.js';
import { createTrustedDocuments, type TrustedDocumentsMode, type TrustVerdict } from './trusted-documents.js';

const ME = 'query Me { me { id email } }';
const manifest = parseManifest(JSON.stringify({ [`sha256:${sha256Hex(ME)}`]: ME }), 'test');
const UNKNOWN = '{ me { id email displayName } }';

function caller(roles: Role[] | null) {
  const logger = silentLogger();
  const warn = vi.spyOn(logger, 'warn');
  return {
    context: { viewer: roles ? { userId: 'u1', roles, sessionId: 's1' } : null, logger },
    warn,
  };
}

function code(verdict: TrustVerdict): unknown {
  return verdict.verdict === 'reject' ? verdict.error.extensions.code : 'allowed';
}

describe('trusted documents check', () => {
  const trusted = (mode: TrustedDocumentsMode) => createTrustedDocuments({ mode, manifest });

  it('runs a manifest operation in every mode, sent as its exact text or written differently', () => {
    for (const mode of ['off', 'log', 'enforce'] as const) {
      const { context, warn } = caller(null);
      expect(trusted(mode).check(ME, undefined, context)).toMatchObject({ verdict: 'allow', source: ME });
      const rewritten = 'query Me {\n  me {\n    email\n    id\n  }\n}';
      expect(trusted(mode).check(rewritten, undefined, context)).toMatchObject({
        verdict: 'allow',
        source: rewritten,
      });
      expect(warn).not.toHaveBeenCalled();
    }
    expect(trusted('enforce').check(ME, undefined, caller(null).context)).toMatchObject({
      id: sha256Hex(ME),
    });
  });

  it('enforce: refuses other operations, including ones that do not parse, but not for ADMIN', () => {
    const enforce = trusted('enforce');
    for (const roles of [null, ['VIEWER'], ['EDITOR', 'ANALYST']] as Role[][]) {
      expect(code(enforce.check(UNKNOWN, undefined, caller(roles).context))).toBe('OPERATION_NOT_ALLOWED');
    }
    expect(code(enforce.check('{ me {', undefined, caller(null).context))).toBe('OPERATION_NOT_ALLOWED');
    const long = `{ ${'me { id } '.repeat(50)} }`;
    expect(code(enforce.check(long, undefined, caller(null).context))).toBe('OPERATION_NOT_ALLOWED');
    expect(enforce.check(UNKNOWN, undefined, caller(['ADMIN']).context)).toMatchObject({
      verdict: 'allow',
      source: UNKNOWN,
      id: undefined,
    });
  });

  it('log: runs other operations and warns with their hash; off: runs them quietly', () => {
    const logged = caller(null);
    expect(trusted('log').check(UNKNOWN, undefined, logged.context).verdict).toBe('allow');
    expect(logged.warn).toHaveBeenCalledWith(
      { operationHash: sha256Hex(UNKNOWN) },
      'operation is not a trusted document',
    );
    const admin = caller(['ADMIN']);
    trusted('log').check(UNKNOWN, undefined, admin.context);
    expect(admin.warn).not.toHaveBeenCalled();
    const off = caller(null);
    expect(trusted('off').check(UNKNOWN, undefined, off.context).verdict).toBe('allow');
    expect(off.warn).not.toHaveBeenCalled();
  });

  it('resolves a document sent by id: documentId or an APQ hash in the extensions', () => {
    const enforce = trusted('enforce');
    const { context } = caller(null);
    const id = sha256Hex(ME);
    expect(enforce.check('', { documentId: `sha256:${id}` }, context)).toMatchObject({ source: ME, id });
    expect(
      enforce.check(undefined, { persistedQuery: { version: 1, sha256Hash: id } }, context),
    ).toMatchObject({ source: ME, id });
    expect(enforce.document(`sha256:${id}`)).toBe(ME);
    expect(code(enforce.check('', { documentId: `sha256:${'0'.repeat(64)}` }, context))).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect(code(enforce.check('', { documentId: 'nonsense' }, context))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(code(enforce.check('', undefined, context))).toBe('BAD_REQUEST');
  });
});

describe('the committed manifest', () => {
  const operationsDir = fileURLToPath(new URL('../../../schema/operations/', import.meta.url));
  const definitions: DefinitionNode[] = readdirSync(operationsDir)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(operationsDir + file, 'utf8')).definitions);
  const fragments = new Map(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

  // What a typed document from the client preset holds: the operation, then the fragments it uses.
  function typedDocument(operation: OperationDefinitionNode): DocumentNode {
    const used = new Set<string>();
    const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          if (used.has(spread.name.value)) return;
          used.add(spread.name.value);
          const fragment = fragments.get(spread.name.value);
          if (fragment) collect(fragment);
        },
      });
    collect(operation);
    return {
      kind: Kind.DOCUMENT,
      definitions: [operation, ...[...used].flatMap((name) => fragments.get(name) ?? [])],
    };
  }

  it('recognises every client operation as `print(typedDocument)` sends it', () => {
    const enforce = createTrustedDocuments({
      mode: 'enforce',
      manifest: loadManifest(trustedDocumentsEnv.TRUSTED_DOCUMENTS_PATH.parse(undefined)),
    });
    const operations = definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) {
      const verdict = enforce.check(print(typedDocument(operation)), undefined, caller(null).context);
      expect(verdict, operation.name?.value).toMatchObject({ verdict: 'allow', id: expect.any(String) });
    }
  });
});
