import { codeOf, type Viewer } from '@ukp/kit';
import { gql, nextEvent } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, NO_ANSWER } from '../domain/ask.js';
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

const question = (text: string, viewer: Viewer | null = null) => ask(fixture.server.deps, viewer, text);
const sourceKeys = (answer: Awaited<ReturnType<typeof ask>>): Array<CorpusKey | undefined> =>
  answer.sources.map((source) => fixture.keyOf(source.document.id));

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return { code: codeOf(error), field: (error as { extensions?: { field?: string } }).extensions?.field };
  }
  throw new Error('expected the call to fail');
}

describe('answers', () => {
  it.each([
    [
      'How many replicas does the deployment run by default?',
      'The deployment runs three replicas by default.',
      'kubernetesGuide',
    ],
    ['When do PostgreSQL backups run?', 'Backups run nightly at 02:00 UTC with pg_dump.', 'backups'],
    ['How long are user sessions cached in Redis?', 'Redis caches user sessions for 15 minutes.', 'caching'],
    ['How are passwords hashed?', 'Passwords are hashed with scrypt and a per-user salt.', 'passwords'],
    ['When do access tokens expire?', 'Access tokens expire after 15 minutes.', 'tokens'],
  ] as const)('%s', async (text, sentence, key) => {
    const answer = await question(text);
    expect(answer.text.startsWith(sentence)).toBe(true);
    expect(answer.confidence).toBeGreaterThan(0.5);
    expect(answer.confidence).toBeLessThanOrEqual(1);
    expect(sourceKeys(answer)[0]).toBe(key);
    // The sentence is traceable to its source: the snippet is that sentence, terms marked.
    expect(answer.sources[0]?.snippet.replace(/<\/?mark>/g, '')).toContain(sentence);
    expect(answer.sources[0]?.snippet).toContain('<mark>');
  });

  it('may answer from several documents, citing each once, every sentence from a cited source', async () => {
    const answer = await question('What expires or is cached for 15 minutes?');
    expect(new Set(sourceKeys(answer))).toEqual(new Set(['tokens', 'caching']));
    const ids = answer.sources.map((s) => s.document.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cited = answer.sources.map((s) => s.snippet.replace(/<\/?mark>/g, '')).join(' … ');
    for (const sentence of answer.text.split(/(?<=\.)\s+/)) expect(cited).toContain(sentence);
  });

  it('escapes HTML in the cited snippet', async () => {
    const answer = await question('Why never paste a password into a ticket?');
    expect(sourceKeys(answer)).toEqual(['passwords']);
    expect(answer.sources[0]?.snippet).not.toMatch(/<(?!\/?mark>)/);
  });
});

describe('no answer', () => {
  it('says so honestly, with confidence 0 and no sources, when nothing matches', async () => {
    expect(await question('What is the capital of France?')).toEqual({
      text: NO_ANSWER,
      confidence: 0,
      sources: [],
    });
  });

  it('says so when the documents found cover too little of the question', async () => {
    expect(await question('How do I bake sourdough bread in Kubernetes?')).toEqual({
      text: NO_ANSWER,
      confidence: 0,
      sources: [],
    });
  });

  it('rejects a question over 500 characters or a blank one', async () => {
    expect(await rejection(question('why '.repeat(126)))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'question',
    });
    expect(await rejection(question(' \n '))).toEqual({ code: 'BAD_USER_INPUT', field: 'question' });
    await expect(question('What?')).resolves.toEqual({ text: NO_ANSWER, confidence: 0, sources: [] });
  });
});

describe('who sees what', () => {
  const ZANZIBAR = 'When does the Zanzibar acquisition close?';

  it('never cites a PRIVATE document to anonymous callers or other users', async () => {
    for (const viewer of [null, CAROL, ALICE]) {
      const answer = await question(ZANZIBAR, viewer);
      expect(sourceKeys(answer)).not.toContain('zanzibar');
      expect(answer.text).not.toMatch(/zanzibar|march/i);
      expect(answer.confidence).toBe(0);
    }
  });

  it('answers from it for its author and an ADMIN', async () => {
    for (const viewer of [BOB, ADMIN]) {
      const answer = await question(ZANZIBAR, viewer);
      expect(answer.text).toBe('The Zanzibar acquisition closes in March.');
      expect(sourceKeys(answer)).toEqual(['zanzibar']);
      expect(answer.confidence).toBeGreaterThan(0.5);
    }
  });

  it('answers from a DRAFT for editors only', async () => {
    const text = 'What CPU does horizontal pod autoscaling target?';
    expect((await question(text)).confidence).toBe(0);
    expect(sourceKeys(await question(text, ALICE))).toEqual(['autoscaling']);
  });
});

describe('events', () => {
  it('publishes question.asked with the outcome, latency and caller', async () => {
    const answered = await nextEvent<Record<string, unknown>>(
      fixture.server.deps.bus,
      'question.asked',
      (d) => String(d.question).startsWith('When do access tokens'),
    );
    await question('When do access tokens expire?', BOB);
    const data = (await answered.event).data;
    expect(data).toMatchObject({
      question: 'When do access tokens expire?',
      answered: true,
      userId: BOB.userId,
    });
    expect(data.confidence).toBeGreaterThan(0.5);
    expect(data.latencyMs).toEqual(expect.any(Number));

    const unanswered = await nextEvent<Record<string, unknown>>(
      fixture.server.deps.bus,
      'question.asked',
      (d) => String(d.question).includes('France'),
    );
    await question('What is the capital of France?');
    expect((await unanswered.event).data).toMatchObject({ answered: false, confidence: 0, userId: null });
  });
});

describe('over GraphQL', () => {
  const ASK =
    'query ($q: String!) { ask(question: $q) { text confidence sources { snippet document { id } } } }';
  type Data = {
    ask: { text: string; confidence: number; sources: Array<{ snippet: string; document: { id: string } }> };
  };

  it('ask answers with cited sources, as the caller', async () => {
    const anonymous = await gql<Data>(fixture.server.url, ASK, {
      q: 'When does the Zanzibar acquisition close?',
    });
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.data?.ask).toEqual({ text: NO_ANSWER, confidence: 0, sources: [] });

    const bob = await gql<Data>(
      fixture.server.url,
      ASK,
      { q: 'When does the Zanzibar acquisition close?' },
      await fixture.tokenFor(BOB),
    );
    expect(bob.body.data?.ask.text).toBe('The Zanzibar acquisition closes in March.');
    expect(bob.body.data?.ask.sources.map((s) => s.document.id)).toEqual([fixture.ids.zanzibar]);
    expect(bob.body.data?.ask.confidence).toBeGreaterThan(0.5);
  });

  it('a question over 500 characters is BAD_USER_INPUT', async () => {
    const result = await gql(fixture.server.url, ASK, { q: 'x'.repeat(501) });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
