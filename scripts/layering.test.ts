import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layering the architecture promises, bottom to top:
 * - `packages/*` (the kit and other shared libraries) import no service;
 * - the gateway imports no subgraph; a subgraph imports neither the gateway nor another subgraph;
 * - `platform/` (the whole system in one process) imports every service, and only the repo-wide
 *   tooling imports it: `test/`, `bench/` and `scripts/` (which run or check the whole system —
 *   `pnpm db:migrate` and `pnpm env:check` read every service's migrations and environment through
 *   the platform's lists — and which nothing imports or ships).
 * Shipped code (`packages/*`, the gateway, each subgraph, the platform) meets other code only
 * through package names: no relative path may leave its own folder (`../../gateway/src/…`).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const subgraphs = readdirSync(join(root, 'subgraphs'));
const libraries = readdirSync(join(root, 'packages'));
const services = ['@ukp/gateway', '@ukp/platform', ...subgraphs.map((s) => `@ukp/${s}`)];
/** The folders that may import `@ukp/platform` (besides the platform itself). */
const platformImporters = ['test', 'bench', 'scripts'];

const isPackage = (names: string[]) => (specifier: string) =>
  names.some((name) => specifier === name || specifier.startsWith(`${name}/`));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated' || entry.startsWith('.'))
      continue;
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

/** Whether a relative specifier in `file` resolves outside the folder `boundary`. */
function escapes(file: string, specifier: string, boundary: string): boolean {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return false;
  const path = relative(boundary, resolve(dirname(file), specifier));
  return path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path);
}

interface Rule {
  /** Package names (or other specifiers) the folder may not import. */
  forbidden?: (specifier: string) => boolean;
  /** The folder's relative imports stay inside it. */
  contained?: boolean;
}

/** Every import under `dir` (relative to `base`) that breaks `rule`, as `file imports specifier`. */
function violations(dir: string, rule: Rule, base = root): string[] {
  const boundary = join(base, dir);
  return sourceFiles(boundary).flatMap((file) =>
    importsOf(file)
      .filter((s) => rule.forbidden?.(s) || (rule.contained && escapes(file, s, boundary)))
      .map((s) => `${relative(base, file)} imports ${s}`),
  );
}

describe('layering', () => {
  it('finds the imports it checks (the scanner works)', () => {
    expect(importsOf(join(root, 'gateway/src/server.ts'))).toContain('@ukp/kit');
  });

  describe('flags what it forbids (each rule can fail)', () => {
    const fixture = mkdtempSync(join(tmpdir(), 'ukp-layering-'));
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), text);
    };
    write(
      'packages/kit/src/runtime.ts',
      [
        "import { createUsersServer } from '../../../subgraphs/users/src/server.js';",
        "export { gatewayEnv } from '../../../gateway/src/env.js';",
        "import { logger } from './logger.js';",
        "import { parse } from '../src/env.js';",
      ].join('\n'),
    );
    write(
      'gateway/src/server.ts',
      "import { startPlatform } from '@ukp/platform';\nconst m = await import('../../platform/src/main.js');",
    );

    it('a relative path out of the folder', () => {
      expect(violations('packages/kit', { contained: true }, fixture)).toEqual([
        'packages/kit/src/runtime.ts imports ../../../subgraphs/users/src/server.js',
        'packages/kit/src/runtime.ts imports ../../../gateway/src/env.js',
      ]);
    });

    it('a forbidden package, and the platform reached by path', () => {
      expect(
        violations('gateway', { forbidden: isPackage(['@ukp/platform']), contained: true }, fixture),
      ).toEqual([
        'gateway/src/server.ts imports @ukp/platform',
        'gateway/src/server.ts imports ../../platform/src/main.js',
      ]);
    });
  });

  for (const name of libraries) {
    it(`keeps packages/${name} free of services, by name or by path`, () => {
      expect(violations(`packages/${name}`, { forbidden: isPackage(services), contained: true })).toEqual([]);
    });
  }

  it('keeps the gateway free of subgraphs and the platform, by name or by path', () => {
    const forbidden = isPackage(['@ukp/platform', ...subgraphs.map((s) => `@ukp/${s}`)]);
    expect(violations('gateway', { forbidden, contained: true })).toEqual([]);
  });

  for (const name of subgraphs) {
    it(`keeps the ${name} subgraph to itself, by name or by path`, () => {
      const forbidden = isPackage(services.filter((s) => s !== `@ukp/${name}`));
      expect(violations(`subgraphs/${name}`, { forbidden, contained: true })).toEqual([]);
    });
  }

  it('keeps the platform to package names', () => {
    expect(violations('platform', { contained: true })).toEqual([]);
  });

  it('lets only test/, bench/ and scripts/ import the platform', () => {
    const folders = readdirSync(root).filter(
      (entry) =>
        !entry.startsWith('.') &&
        entry !== 'node_modules' &&
        entry !== 'platform' &&
        !platformImporters.includes(entry) &&
        statSync(join(root, entry)).isDirectory(),
    );
    expect(folders).toEqual(expect.arrayContaining(['gateway', 'packages', 'subgraphs', 'schema']));
    const rootFiles = readdirSync(root).filter((entry) => /\.(ts|mts|js|mjs)$/.test(entry));
    const found = [
      ...folders.flatMap((folder) => violations(folder, { forbidden: isPackage(['@ukp/platform']) })),
      ...rootFiles.flatMap((file) =>
        importsOf(join(root, file))
          .filter(isPackage(['@ukp/platform']))
          .map((s) => `${file} imports ${s}`),
      ),
    ];
    expect(found).toEqual([]);
  });
});
