import { describe, expect, it, vi } from 'vitest';
import { buildDemoCorpus, DEMO_CORPUS, DEMO_TOPICS, type DemoDocument } from './demo-corpus.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

// --- Bag-of-words nearest-centroid classifier (leave-one-out) -------------------------------------
const STOP_WORDS = new Set(
  (
    'the and for with that this are from have has not any you your our their they them its into each ' +
    'when what who how can will must may should been was were but all than then also more only per one ' +
    'two three after before about over under out use used using within every other such which where while'
  ).split(' '),
);

type Vec = Map<string, number>;

/** Unit-length term-frequency vector over lower-cased alphabetic words (no tags: they name the topic). */
function vectorize(doc: DemoDocument): Vec {
  const vec: Vec = new Map();
  for (const w of `${doc.title} ${doc.body}`.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (w.length > 2 && !STOP_WORDS.has(w)) vec.set(w, (vec.get(w) ?? 0) + 1);
  }
  const norm = Math.sqrt([...vec.values()].reduce((s, v) => s + v * v, 0));
  for (const [w, v] of vec) vec.set(w, v / norm);
  return vec;
}

const dot = (a: Vec, b: Vec): number => [...a].reduce((s, [w, v]) => s + v * (b.get(w) ?? 0), 0);

/** Per-topic share of documents whose nearest centroid (built without that document) is their own topic. */
function leaveOneOutAccuracy(docs: readonly DemoDocument[]): Map<string, number> {
  const vecs = docs.map(vectorize);
  const centroids = new Map<string, Vec>();
  docs.forEach((doc, i) => {
    const c = centroids.get(doc.topic) ?? new Map<string, number>();
    for (const [w, v] of vecs[i]!) c.set(w, (c.get(w) ?? 0) + v);
    centroids.set(doc.topic, c);
  });
  const sqNorms = new Map([...centroids].map(([t, c]) => [t, dot(c, c)]));
  const correct = new Map<string, number>();
  docs.forEach((doc, i) => {
    const v = vecs[i]!;
    let best = '';
    let bestScore = -Infinity;
    for (const [topic, c] of centroids) {
      // Removing the held-out unit vector v from its own centroid: |c - v|^2 = |c|^2 - 2 c.v + 1.
      const own = topic === doc.topic;
      const cv = dot(v, c);
      const score = own
        ? (cv - 1) / Math.sqrt(sqNorms.get(topic)! - 2 * cv + 1)
        : cv / Math.sqrt(sqNorms.get(topic)!);
      if (score > bestScore) [best, bestScore] = [topic, score];
    }
    if (best === doc.topic) correct.set(doc.topic, (correct.get(doc.topic) ?? 0) + 1);
  });
  const totals = countBy(docs, (d) => d.topic);
  return new Map([...totals].map(([t, n]) => [t, (correct.get(t) ?? 0) / n]));
}

describe('DEMO_CORPUS', () => {
  it('has at least 130 documents across at least 8 topics with 10+ documents each', () => {
    expect(DEMO_CORPUS.length).toBeGreaterThanOrEqual(130);
    const perTopic = countBy(DEMO_CORPUS, (d) => d.topic);
    expect(perTopic.size).toBeGreaterThanOrEqual(8);
    for (const [topic, n] of perTopic) expect(n, topic).toBeGreaterThanOrEqual(10);
    expect([...perTopic.keys()].sort()).toEqual([...DEMO_TOPICS].sort());
  });

  it('has unique titles and unique bodies', () => {
    expect(new Set(DEMO_CORPUS.map((d) => d.title.toLowerCase())).size).toBe(DEMO_CORPUS.length);
    expect(new Set(DEMO_CORPUS.map((d) => d.body)).size).toBe(DEMO_CORPUS.length);
  });

  it('tags are 1-4 unique kebab-case tags of at most 40 characters, the first being the topic', () => {
    for (const { title, tags, topic } of DEMO_CORPUS) {
      expect(tags.length, title).toBeGreaterThanOrEqual(1);
      expect(tags.length, title).toBeLessThanOrEqual(4);
      expect(tags[0], title).toBe(topic);
      expect(new Set(tags).size, title).toBe(tags.length);
      for (const tag of tags) {
        expect(tag, title).toMatch(KEBAB);
        expect(tag.length, title).toBeLessThanOrEqual(40);
      }
    }
  });

  it('titles are 1-300 characters and bodies are 100-600 words of plain Markdown under 1 MB', () => {
    for (const { title, body } of DEMO_CORPUS) {
      expect(title.length, title).toBeGreaterThanOrEqual(1);
      expect(title.length, title).toBeLessThanOrEqual(300);
      expect(title, title).toBe(title.trim());
      expect(wordCount(body), title).toBeGreaterThanOrEqual(100);
      expect(wordCount(body), title).toBeLessThanOrEqual(600);
      expect(Buffer.byteLength(body, 'utf8'), title).toBeLessThanOrEqual(1024 * 1024);
      expect(body.split(/\n{2,}/).length, title).toBeGreaterThanOrEqual(3);
      expect(body, title).not.toMatch(/<\/?[a-z][^>]*>/i); // no HTML
      expect(body, title).not.toMatch(/lorem|ipsum/i);
      for (const url of body.match(/https?:\/\/\S+/g) ?? []) expect(url, title).toMatch(/example\.com/);
      for (const email of body.match(/\S+@\S+/g) ?? []) expect(email, title).toMatch(/@example\.com/);
    }
  });

  it('never repeats a sentence across documents', () => {
    const seen = new Map<string, string>();
    for (const { title, body } of DEMO_CORPUS) {
      for (const raw of body.split(/(?<=[.!?])\s+|\n+/)) {
        const sentence = raw
          .replace(/^[-\d.#\s]+/, '')
          .trim()
          .toLowerCase();
        if (wordCount(sentence) < 6) continue;
        const other = seen.get(sentence);
        expect(other === undefined || other === title, `"${sentence}" in ${title} and ${other}`).toBe(true);
        seen.set(sentence, title);
      }
    }
  });

  it('mixes statuses, visibilities and authors', () => {
    const count = (pred: (d: DemoDocument) => boolean) => DEMO_CORPUS.filter(pred).length;
    expect(count((d) => d.visibility === 'PRIVATE')).toBeGreaterThanOrEqual(8);
    expect(count((d) => d.status === 'DRAFT')).toBeGreaterThanOrEqual(8);
    expect(count((d) => d.status === 'ARCHIVED')).toBeGreaterThanOrEqual(2);
    expect(count((d) => d.status === 'PUBLISHED' && d.visibility === 'PUBLIC')).toBeGreaterThanOrEqual(100);
    expect(count((d) => d.author === 'admin')).toBeGreaterThanOrEqual(5);
    expect(count((d) => d.author === 'editor')).toBeGreaterThan(count((d) => d.author === 'admin'));
    // Non-default states are spread over topics, not concentrated in one.
    expect(
      countBy(
        DEMO_CORPUS.filter((d) => d.visibility === 'PRIVATE'),
        (d) => d.topic,
      ).size,
    ).toBeGreaterThanOrEqual(5);
    expect(
      countBy(
        DEMO_CORPUS.filter((d) => d.status === 'DRAFT'),
        (d) => d.topic,
      ).size,
    ).toBeGreaterThanOrEqual(5);
  });

  it('is deterministic across builds and fresh module imports', async () => {
    expect(buildDemoCorpus()).toEqual(buildDemoCorpus());
    expect(buildDemoCorpus()).toEqual(DEMO_CORPUS);
    vi.resetModules();
    const fresh = await import('./demo-corpus.js');
    expect(fresh.DEMO_CORPUS).not.toBe(DEMO_CORPUS);
    expect(fresh.DEMO_CORPUS).toEqual(DEMO_CORPUS);
    expect(Object.isFrozen(DEMO_CORPUS) && DEMO_CORPUS.every((d) => Object.isFrozen(d))).toBe(true);
  });

  it('topics are lexically distinguishable (leave-one-out nearest centroid >= 85% per topic)', () => {
    const accuracy = leaveOneOutAccuracy(DEMO_CORPUS);
    expect(accuracy.size).toBe(DEMO_TOPICS.length);
    for (const [topic, acc] of accuracy) expect(acc, topic).toBeGreaterThanOrEqual(0.85);
  });
});
