/**
 * Three topics with words of their own, so a tag model can learn them from a dozen documents
 * each: the ML end-to-end tests publish these and know what a good model must predict.
 */
export const TOPICS = {
  databases: ['postgres', 'index', 'vacuum', 'replica', 'query', 'partition', 'schema', 'backup'],
  security: ['password', 'token', 'phishing', 'firewall', 'certificate', 'breach', 'encryption', 'audit'],
  design: ['typography', 'palette', 'layout', 'sketch', 'prototype', 'contrast', 'figma', 'spacing'],
} as const;
export type Topic = keyof typeof TOPICS;

/** The n-th public document about `topic`, tagged with it. */
export function documentAbout(topic: Topic, n: number) {
  const words = TOPICS[topic];
  const sentence = (k: number) =>
    `The ${words[(n + k) % words.length]} and the ${words[(n + 2 * k + 1) % words.length]} matter for the team.`;
  return {
    title: `${topic} note ${n}: ${words[n % words.length]}`,
    body: Array.from({ length: 6 }, (_, k) => sentence(k)).join(' '),
    tags: [topic],
    visibility: 'PUBLIC' as const,
  };
}
