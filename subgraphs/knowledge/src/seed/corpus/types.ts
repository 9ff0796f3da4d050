import type { DemoDocument } from '../demo-corpus.js';

/** One hand-written knowledge-base article; `buildDemoCorpus` fills in the topic tag and defaults. */
export interface DocSpec {
  readonly title: string;
  /** Sub-tags only (0-3, kebab-case); the topic name is prepended as the first tag. */
  readonly tags: readonly string[];
  /** Markdown blocks (paragraphs, headings, lists), joined with blank lines. */
  readonly body: readonly string[];
  /** Defaults to PUBLISHED. */
  readonly status?: DemoDocument['status'];
  /** Defaults to PUBLIC. */
  readonly visibility?: DemoDocument['visibility'];
  /** Defaults to editor. */
  readonly author?: DemoDocument['author'];
}

export interface TopicSpec {
  /** Topic name; also the first tag of every document in the topic. */
  readonly topic: string;
  readonly docs: readonly DocSpec[];
}
