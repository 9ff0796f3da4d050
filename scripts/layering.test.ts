import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering the architecture promises: subgraphs never import the gateway, the platform or
 * each other; the kit imports no service; the gateway imports no subgraph.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const subgraphs = readdirSync(join(root, 'subgraphs'));
const services = ['@ukp/gateway', '@ukp/platform', ...subgraphs.map((s) => `@ukp/${s}`)];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

function violations(dir: string, forbidden: (specifier: string) => boolean): string[] {
  return sourceFiles(join(root, dir)).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  );
}

describe('layering', () => {
  it('finds the imports it checks (the scanner works)', () => {
    expect(importsOf(join(root, 'gateway/src/server.ts'))).toContain('@ukp/kit');
  });

  it('keeps the kit free of services', () => {
    expect(
      violations('packages/kit', (s) => services.some((svc) => s === svc || s.startsWith(`${svc}/`))),
    ).toEqual([]);
  });

  it('keeps the gateway free of subgraphs', () => {
    const forbidden = ['@ukp/platform', ...subgraphs.map((s) => `@ukp/${s}`)];
    expect(violations('gateway', (s) => forbidden.includes(s) || s.includes('subgraphs/'))).toEqual([]);
  });

  for (const name of subgraphs) {
    it(`keeps the ${name} subgraph to itself`, () => {
      const forbidden = services.filter((s) => s !== `@ukp/${name}`);
      expect(
        violations(
          `subgraphs/${name}`,
          (s) => forbidden.includes(s) || /(^|\/)(gateway|subgraphs)\//.test(s),
        ),
      ).toEqual([]);
    });
  }
});
