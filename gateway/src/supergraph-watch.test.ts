import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SupergraphWatch, watchSupergraph } from './supergraph-watch.js';

describe('watchSupergraph', () => {
  let dir = '';
  let watch: SupergraphWatch | undefined;
  afterEach(() => {
    watch?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const changes = () => {
    const seen: string[] = [];
    let wake: (() => void) | undefined;
    return {
      seen,
      onChange: (sdl: string) => {
        seen.push(sdl);
        wake?.();
      },
      next: (timeoutMs = 5000) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no change seen')), timeoutMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        }),
    };
  };

  it('reports a changed file once, and an atomic replace (rename) too', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-'));
    const path = join(dir, 'supergraph.graphql');
    writeFileSync(path, 'v1');
    const c = changes();
    watch = watchSupergraph(path, 'v1', c.onChange, undefined, 20);
    const first = c.next();
    writeFileSync(path, 'v2');
    await first;
    expect(c.seen).toEqual(['v2']);
    const second = c.next();
    writeFileSync(join(dir, 'tmp'), 'v3');
    renameSync(join(dir, 'tmp'), path);
    await second;
    expect(c.seen).toEqual(['v2', 'v3']);
  });

  it('ignores an empty file and unchanged text', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-'));
    const path = join(dir, 'supergraph.graphql');
    writeFileSync(path, 'v1');
    const c = changes();
    watch = watchSupergraph(path, 'v1', c.onChange, undefined, 20);
    writeFileSync(path, '');
    writeFileSync(path, 'v1');
    const later = c.next();
    writeFileSync(path, 'v4');
    await later;
    expect(c.seen).toEqual(['v4']);
  });
});
