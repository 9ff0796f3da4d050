import { codeOf, type Viewer } from '@ukp/kit';
import { gql, nextEvent } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { search } from '../domain/search.js';
import {
  ADMIN,
  ALICE,
  BOB,
  CAROL,
  type CorpusKey,
  type SearchFixture,
  startSearchFixture,
} from '../testing/search-corpus.js';

let fixture: SearchFixture;

beforeAll(async () => {
  fixture = await startSearchFixture();
});
afterAll(async () => {
  await fixture?.stop();
});

type Args = Parameters<typeof search>[2];

async function run(query: string, viewer: Viewer | null = null, args: Partial<Args> = {}) {
  return search(fixture.server.deps, viewer, { query, ...args });
}

async function keys(
  query: string,
  viewer: Viewer | null = null,
  args: Partial<Args> = {},
): Promise<CorpusKey[]> {
  return (await run(query, viewer, args)).hits.map((hit) => fixture.keyOf(hit.document.id)!);
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return { code: codeOf(error), field: (error as { extensions?: { field?: string } }).extensions?.field };
  }
  throw new Error('expected the call to fail');
}

describe('ranking', () => {
  it('puts a title match first, then many mentions, then one mention, however fresh and popular', async () => {
    const ranked = await keys('kubernetes');
    expect(ranked.indexOf('kubernetesGuide')).toBe(0);
    expect(ranked.indexOf('handbook')).toBeLessThan(ranked.indexOf('dashboards'));
    expect(ranked).toEqual(expect.arrayContaining(['docker', 'helm', 'dashboards']));
  });

  it('returns scores in descending order', async () => {
    const { hits } = await run('kubernetes');
    const scores = hits.map((hit) => hit.score);
    expect(scores.every((score) => score > 0)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('breaks a tie in text by freshness, then popularity', async () => {
    expect(await keys('incident timeline')).toEqual(['incidentFresh', 'incidentPopular', 'incidentOld']);
  });
});

describe('query syntax', () => {
  it('matches a quoted phrase only where the words stand together', async () => {
    expect(await keys('"docker image"')).toEqual(['docker']);
    expect(await keys('image registry')).toEqual(['docker']);
    expect(await keys('"image registry"')).toEqual([]);
  });

  it('excludes documents with a -word', async () => {
    const ranked = await keys('kubernetes -docker -helm');
    expect(ranked).toContain('kubernetesGuide');
    expect(ranked).not.toContain('docker');
    expect(ranked).not.toContain('helm');
  });

  it('matches either side of or', async () => {
    expect(new Set(await keys('scrypt or pgbouncer'))).toEqual(new Set(['passwords', 'pooling']));
    expect(await keys('scrypt pgbouncer')).toEqual([]);
  });

  it('matches the last word as a prefix while it is typed', async () => {
    expect(await keys('kubern')).toContain('kubernetesGuide');
    expect(await keys('replicas kubern')).toEqual(['kubernetesGuide']);
    expect(await keys('scrypt or pgbounc')).toHaveLength(2);
    // Not inside quotes, and an exclusion excludes the exact word only.
    expect(await keys('"kubern"')).toEqual([]);
    expect(await keys('replicas -kubern')).toEqual(['kubernetesGuide']);
    expect(await keys('replicas -kubernetes')).toEqual([]);
  });

  it('survives tsquery syntax in the input', async () => {
    for (const query of [
      "kub:*'",
      'a & | ! ( ) <-> :*',
      "'); drop table knowledge.documents; --",
      '\\',
      '"""',
    ]) {
      await expect(run(query)).resolves.toHaveProperty('hits');
    }
    expect(await keys('kubernetes')).toContain('kubernetesGuide');
  });
});

describe('filters and limits', () => {
  it('keeps documents having all the given tags, normalised', async () => {
    expect(new Set(await keys('kubernetes', null, { tags: ['Kubernetes'] }))).toEqual(
      new Set(['kubernetesGuide', 'helm']),
    );
    expect(await keys('kubernetes', null, { tags: ['kubernetes', 'helm'] })).toEqual(['helm']);
    expect(await keys('kubernetes', null, { tags: ['finance'] })).toEqual([]);
  });

  it('returns at most first hits, 10 by default', async () => {
    expect(await keys('kubernetes', null, { first: 2 })).toHaveLength(2);
    expect((await keys('the')).length).toBeLessThanOrEqual(10);
  });

  it('rejects first > 100, a query over 500 characters and a blank query', async () => {
    expect(await rejection(run('kubernetes', null, { first: 101 }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    expect(await rejection(run('k'.repeat(501)))).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(await rejection(run('   '))).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
    await expect(run('k'.repeat(500))).resolves.toHaveProperty('hits');
  });
});

describe('snippets', () => {
  it('marks the match in the body', async () => {
    const [hit] = (await run('replicas')).hits;
    expect(hit?.snippet).toContain('<mark>replicas</mark>');
  });

  it('falls back to the title when only the title matches', async () => {
    const [hit] = (await run('guide handbook or charts', null, { tags: ['helm'] })).hits;
    expect(hit?.snippet).toContain('<mark>charts</mark>');
  });

  it('carries no markup from the body but the marks', async () => {
    const { hits } = await run('password');
    const snippet = hits.find((hit) => fixture.keyOf(hit.document.id) === 'passwords')?.snippet ?? '';
    expect(snippet).toContain('<mark>');
    expect(snippet).not.toMatch(/<script/i);
    expect(snippet).not.toMatch(/<img/i);
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(snippet).toContain('&amp;lt;script');
  });
});

describe('who sees what', () => {
  it('never shows a PRIVATE document to anonymous callers or other users', async () => {
    expect(await keys('zanzibar')).toEqual([]);
    expect(await keys('zanzibar', CAROL)).toEqual([]);
    expect(await keys('zanzibar', ALICE)).toEqual([]);
  });

  it('shows it to its author and to an ADMIN', async () => {
    expect(await keys('zanzibar', BOB)).toEqual(['zanzibar']);
    expect(await keys('zanzibar', ADMIN)).toEqual(['zanzibar']);
  });

  it('shows a DRAFT to its author and editors only', async () => {
    expect(await keys('autoscaling')).toEqual([]);
    expect(await keys('autoscaling', BOB)).toEqual([]);
    expect(await keys('autoscaling', ALICE)).toEqual(['autoscaling']);
    expect(await keys('autoscaling', { ...ALICE, roles: ['VIEWER'] })).toEqual(['autoscaling']);
  });
});

describe('did you mean', () => {
  it('respells a word that finds nothing into one that does', async () => {
    const result = await run('kuberntes', null, { suggest: true });
    expect(result.hits).toEqual([]);
    expect(result.didYouMean).toBe('kubernetes');
    const twoWords = await run('"rolling updats" kuberntes', null, { suggest: true });
    expect(twoWords.didYouMean).toBe('"rolling updates" kubernetes');
  });

  it('is null when nothing is similar, when not asked, or when there are hits', async () => {
    expect((await run('xylophone quartet', null, { suggest: true })).didYouMean).toBeNull();
    expect((await run('kuberntes', null, { suggest: false })).didYouMean).toBeNull();
    expect((await run('kubernetes', null, { suggest: true })).didYouMean).toBeNull();
  });

  it('is null when the respelling would find nothing for this caller', async () => {
    expect((await run('kuberntes', null, { suggest: true, tags: ['redis'] })).didYouMean).toBeNull();
    // "deployment" is a public word, but with this tag only Bob's private document has it.
    expect((await run('deploymnet', null, { suggest: true, tags: ['finance'] })).didYouMean).toBeNull();
    expect((await run('deploymnet', CAROL, { suggest: true, tags: ['finance'] })).didYouMean).toBeNull();
    expect((await run('deploymnet', BOB, { suggest: true, tags: ['finance'] })).didYouMean).toBe(
      'deployment',
    );
  });

  it('never suggests a word that only a PRIVATE document holds', async () => {
    expect((await run('zanzibr', null, { suggest: true })).didYouMean).toBeNull();
    expect((await run('zanzibr', CAROL, { suggest: true })).didYouMean).toBeNull();
  });
});

describe('events', () => {
  it('publishes search.performed with the query, count, latency and caller', async () => {
    const query = `kubernetes ${Date.now()}`;
    const event = await nextEvent<Record<string, unknown>>(
      fixture.server.deps.bus,
      'search.performed',
      (d) => d.query === query,
    );
    await run(query, CAROL);
    const data = (await event.event).data;
    expect(data).toMatchObject({ query, resultCount: 0, userId: CAROL.userId });
    expect(data.latencyMs).toEqual(expect.any(Number));
    const anonymous = await nextEvent<Record<string, unknown>>(
      fixture.server.deps.bus,
      'search.performed',
      (d) => d.query === 'helm',
    );
    await run('helm');
    expect((await anonymous.event).data).toMatchObject({ query: 'helm', resultCount: 1, userId: null });
  });
});

describe('over GraphQL', () => {
  const SEARCH =
    'query ($q: String!, $first: Int) { search(query: $q, first: $first) { score snippet document { id title } } }';
  const SUGGEST =
    'query ($q: String!) { searchWithSuggestions(query: $q) { hits { score snippet document { id title } } didYouMean } }';

  it('search returns ranked hits with marked snippets, and only what the caller may read', async () => {
    type Data = {
      search: Array<{ score: number; snippet: string; document: { id: string; title: string } }>;
    };
    const anonymous = await gql<Data>(fixture.server.url, SEARCH, { q: 'zanzibar or replicas' });
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.data?.search.map((h) => h.document.id)).toEqual([fixture.ids.kubernetesGuide]);
    expect(anonymous.body.data?.search[0]?.snippet).toContain('<mark>replicas</mark>');
    const bob = await gql<Data>(
      fixture.server.url,
      SEARCH,
      { q: 'zanzibar or replicas' },
      await fixture.tokenFor(BOB),
    );
    expect(bob.body.data?.search.map((h) => h.document.id)).toContain(fixture.ids.zanzibar);
  });

  it('searchWithSuggestions returns didYouMean, and first > 100 is BAD_USER_INPUT', async () => {
    type Data = { searchWithSuggestions: { hits: unknown[]; didYouMean: string | null } };
    const result = await gql<Data>(fixture.server.url, SUGGEST, { q: 'kuberntes' });
    expect(result.body.data?.searchWithSuggestions).toEqual({ hits: [], didYouMean: 'kubernetes' });
    const tooMany = await gql(fixture.server.url, SEARCH, { q: 'kubernetes', first: 101 });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
