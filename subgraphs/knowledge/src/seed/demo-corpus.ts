/**
 * Demo knowledge-base corpus: ~140 hand-written internal articles across ten topics. It feeds seeding,
 * full-text search, extractive question answering, analytics and the ML tag classifier, so every
 * article is realistic prose full of concrete, answerable facts, and every topic sticks to its own
 * vocabulary. Pure data: no I/O, no randomness; every call to `buildDemoCorpus` returns equal data.
 */
import { DATA } from './corpus/data.js';
import { DESIGN } from './corpus/design.js';
import { ENGINEERING } from './corpus/engineering.js';
import { FINANCE } from './corpus/finance.js';
import { INFRASTRUCTURE } from './corpus/infrastructure.js';
import { LEGAL } from './corpus/legal.js';
import { PEOPLE } from './corpus/people.js';
import { PRODUCT } from './corpus/product.js';
import { SECURITY } from './corpus/security.js';
import { SUPPORT } from './corpus/support.js';
import type { DocSpec, TopicSpec } from './corpus/types.js';

export interface DemoDocument {
  title: string;
  /** Markdown. */
  body: string;
  /** 1-4 kebab-case tags; the first is always `topic`. */
  tags: string[];
  topic: string;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  visibility: 'PUBLIC' | 'PRIVATE';
  author: 'editor' | 'admin';
}

const TOPICS: readonly TopicSpec[] = [
  ENGINEERING,
  SECURITY,
  DATA,
  PRODUCT,
  DESIGN,
  PEOPLE,
  FINANCE,
  SUPPORT,
  LEGAL,
  INFRASTRUCTURE,
];

/** Topic names in a stable order; each is also the first tag of its documents. */
export const DEMO_TOPICS: readonly string[] = Object.freeze(TOPICS.map((t) => t.topic));

function toDocument(topic: string, spec: DocSpec): DemoDocument {
  return {
    title: spec.title,
    body: spec.body.join('\n\n'),
    tags: [topic, ...spec.tags],
    topic,
    status: spec.status ?? 'PUBLISHED',
    visibility: spec.visibility ?? 'PUBLIC',
    author: spec.author ?? 'editor',
  };
}

/**
 * Builds a fresh, mutable copy of the corpus. Topics are interleaved round-robin so that any prefix
 * (and seeding order, hence creation timestamps) mixes topics instead of grouping them.
 */
export function buildDemoCorpus(): DemoDocument[] {
  const out: DemoDocument[] = [];
  const longest = Math.max(...TOPICS.map((t) => t.docs.length));
  for (let i = 0; i < longest; i++) {
    for (const { topic, docs } of TOPICS) {
      const spec = docs[i];
      if (spec) out.push(toDocument(topic, spec));
    }
  }
  return out;
}

export const DEMO_CORPUS: readonly DemoDocument[] = Object.freeze(
  buildDemoCorpus().map((doc) => Object.freeze(doc)),
);
