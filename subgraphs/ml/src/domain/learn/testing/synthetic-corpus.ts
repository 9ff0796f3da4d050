/**
 * A seeded multi-topic corpus for quality tests and benchmarks: documents of 100–2,000 words
 * drawn mostly from a shared background vocabulary, with a minority of words from the topics
 * they are tagged with. Topics have unequal frequencies (the rarest few percent of documents),
 * about a third of documents carry a second topic, a few topic words are shared between two
 * topics, and a few documents are untagged. Words are plain English, none a stop word.
 */
import { mulberry32 } from '../prng.js';
import type { Example } from '../types.js';

export const TOPICS: Readonly<Record<string, readonly string[]>> = {
  databases: `postgres index query replica transaction table schema vacuum migration column row primary
    foreign constraint deadlock snapshot isolation partition backup cluster storage`.split(/\s+/),
  networking: `packet router latency bandwidth socket firewall subnet gateway proxy dns tunnel
    certificate handshake protocol routing ingress egress throughput cluster timeout`.split(/\s+/),
  security: `password encryption token vulnerability attacker exploit credential audit permission
    signature certificate phishing breach secret firewall patch malware forensic session`.split(/\s+/),
  frontend: `browser component render layout stylesheet button widget animation accessibility
    viewport typography responsive hydration bundle modal dropdown canvas pixel session`.split(/\s+/),
  machinelearning: `model training gradient classifier feature dataset neural embedding inference
    regression accuracy overfitting tensor epoch label prediction validation sampling`.split(/\s+/),
  operations: `deployment incident pager alert kubernetes container rollout monitoring dashboard
    outage runbook capacity scaling uptime rollback helm terraform backup`.split(/\s+/),
  finance: `invoice budget revenue expense payroll forecast quarter ledger audit accounting tax
    procurement vendor reimbursement margin profit billing`.split(/\s+/),
  hiring: `candidate interview recruiter offer onboarding resume referral salary hiring manager
    probation contract relocation benefits vacancy shortlist`.split(/\s+/),
};

/** Relative topic frequencies (the same order as TOPICS). */
const TOPIC_WEIGHTS = [0.24, 0.19, 0.15, 0.12, 0.1, 0.08, 0.07, 0.05];

const BACKGROUND = `team project meeting week month plan update review note discussion question answer
  decision follow progress status goal report document page section summary detail example result
  change issue problem solution idea proposal feedback comment process step task owner deadline
  priority estimate schedule time day morning afternoon office remote call email message thread
  channel link draft version release support customer user request response service product
  feature roadmap milestone sprint backlog ticket board agenda minutes action item context background
  reason impact risk option tradeoff cost benefit effort quality standard guideline policy rule
  template checklist workflow handover knowledge learning training lesson experience practice
  improvement experiment metric measure target baseline trend number percent total average share
  group department company organisation partner stakeholder leadership director colleague friend
  weekend holiday travel lunch coffee celebration announcement reminder invitation schedule calendar`
  .split(/\s+/)
  .filter(Boolean);

/**
 * Made-up words from syllables, so the vocabulary is as long-tailed as real prose's. Drawn from
 * a fixed stream, not the corpus seed: corpora with different seeds share one language.
 */
function pseudoWords(count: number): string[] {
  const uniform = mulberry32(0x5eed);
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'tr', 'st'];
  const vowels = ['a', 'e', 'i', 'o', 'u'];
  const out = new Set<string>();
  while (out.size < count) {
    let word = '';
    const syllables = 2 + Math.floor(uniform() * 2);
    for (let s = 0; s < syllables; s++) {
      word += onsets[Math.floor(uniform() * onsets.length)]! + vowels[Math.floor(uniform() * vowels.length)]!;
    }
    out.add(`${word}x`);
  }
  return [...out];
}

export interface CorpusOptions {
  seed: number;
  documents: number;
  /** Share of a document's words drawn from its topics. Default 0.12. */
  topicShare?: number;
  minWords?: number;
  maxWords?: number;
  /** Share of documents carrying a second topic. Default 0.3. */
  secondTopic?: number;
  /** Share of untagged documents. Default 0.03. */
  untagged?: number;
  /** How many made-up words extend the background vocabulary's long tail. Default 3000. */
  rareWords?: number;
}

/** Picks an index with probability ∝ 1/(rank + 2) (a gentle Zipf), or ∝ weights when given. */
function picker(uniform: () => number, size: number, weights?: readonly number[]): () => number {
  const w = weights ?? Array.from({ length: size }, (_, i) => 1 / (i + 2));
  const total = w.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const v of w) {
    sum += v / total;
    cumulative.push(sum);
  }
  return () => {
    const u = uniform();
    const i = cumulative.findIndex((c) => u < c);
    return i === -1 ? size - 1 : i;
  };
}

export function syntheticCorpus(options: CorpusOptions): Example[] {
  const uniform = mulberry32(options.seed);
  const topicNames = Object.keys(TOPICS);
  const pickTopic = picker(uniform, topicNames.length, TOPIC_WEIGHTS);
  const background = [...BACKGROUND, ...pseudoWords(options.rareWords ?? 3000)];
  const pickBackground = picker(uniform, background.length);
  const topicPickers = topicNames.map((t) => picker(uniform, TOPICS[t]!.length));
  const minWords = options.minWords ?? 100;
  const maxWords = options.maxWords ?? 2000;
  const share = options.topicShare ?? 0.12;
  const examples: Example[] = [];
  for (let d = 0; d < options.documents; d++) {
    const first = pickTopic();
    const topics = [first];
    if (uniform() < (options.secondTopic ?? 0.3)) {
      let second = pickTopic();
      while (second === first) second = pickTopic();
      topics.push(second);
    }
    const length = minWords + Math.floor(uniform() * (maxWords - minWords + 1));
    const words: string[] = [];
    for (let w = 0; w < length; w++) {
      if (uniform() < share) {
        const t = topics[Math.floor(uniform() * topics.length)]!;
        words.push(TOPICS[topicNames[t]!]![topicPickers[t]!()]!);
      } else {
        words.push(background[pickBackground()]!);
      }
      if (uniform() < 0.08) words.push(uniform() < 0.5 ? 'the' : 'and');
    }
    const untagged = uniform() < (options.untagged ?? 0.03);
    examples.push({
      id: `doc-${String(d).padStart(4, '0')}`,
      text: words.join(' '),
      labels: untagged ? [] : topics.map((t) => topicNames[t]!),
    });
  }
  return examples;
}
