import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './canonical.js';
import { trustedDocumentsEnv } from './env.js';
import { loadManifest, ManifestError, parseDocumentId, parseManifest } from './manifest.js';

const committed = trustedDocumentsEnv.TRUSTED_DOCUMENTS_PATH.parse(undefined);

describe('parseManifest', () => {
  it('loads the committed manifest codegen wrote, every id verified', () => {
    const raw = JSON.parse(readFileSync(committed, 'utf8')) as Record<string, string>;
    const manifest = loadManifest(committed);
    expect(manifest.byId.size).toBe(Object.keys(raw).length);
    expect(manifest.byId.size).toBeGreaterThan(10);
    expect(manifest.byCanonicalHash.size).toBe(manifest.byId.size);
    expect(manifest.maxTokens).toBeGreaterThan(10);
  });

  it('refuses a manifest whose id does not match its document, naming the entry', () => {
    const text = 'query Me { me { id } }';
    const id = `sha256:${sha256Hex(text)}`;
    expect(parseManifest(JSON.stringify({ [id]: text }), 'm.json').byId.get(sha256Hex(text))).toBe(text);
    const tampered = JSON.stringify({ [id]: 'query Me { me { id email } }' });
    expect(() => parseManifest(tampered, 'm.json')).toThrow(ManifestError);
    expect(() => parseManifest(tampered, 'm.json')).toThrow(/m\.json.*\n.*does not match its document/);
  });

  it('reports every problem at once: bad ids, non-strings, invalid GraphQL, bad JSON', () => {
    const broken = `sha256:${sha256Hex('{ me {')}`;
    try {
      parseManifest(
        JSON.stringify({ 'sha1:abc': '{ me { id } }', [broken]: '{ me {', [`sha256:${'0'.repeat(64)}`]: 1 }),
        'x',
      );
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('sha1:abc: the id is not');
      expect(message).toContain(`${broken}: Syntax Error`);
      expect(message).toContain('the document is not a string');
    }
    expect(() => parseManifest('{', 'x')).toThrow(/not JSON/);
    expect(() => parseManifest('[]', 'x')).toThrow(/expected an object/);
    expect(() => loadManifest('/nonexistent/persisted-documents.json')).toThrow(/cannot be read/);
  });
});

describe('parseDocumentId', () => {
  it('takes sha256:<hex> and bare hex, nothing else', () => {
    const hex = 'a'.repeat(64);
    expect(parseDocumentId(`sha256:${hex}`)).toBe(hex);
    expect(parseDocumentId(hex.toUpperCase())).toBe(hex);
    expect(parseDocumentId(`sha1:${hex}`)).toBeUndefined();
    expect(parseDocumentId('abc')).toBeUndefined();
    expect(parseDocumentId(42)).toBeUndefined();
  });
});
