import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { translations } from '@zxcvbn-ts/language-en';

/**
 * How much of a password is scored. zxcvbn's matching grows faster than linearly with length
 * (about 90 ms for 256 characters here), and sign-up is open to anyone: scoring is capped so a
 * long password cannot become a CPU sink. Whatever strength a password has must show in its
 * first 100 characters.
 */
export const SCORED_LENGTH = 100;

/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_SCORE = 3;

// Built once per process: ranking the dictionaries takes tens of milliseconds. Only the common
// (language-neutral) dictionary is used; language-en supplies readable feedback, not its word
// lists, which would triple the time a check takes.
const estimator = new ZxcvbnFactory({
  dictionary,
  graphs: adjacencyGraphs,
  translations,
});

/**
 * Why the password is too easy to guess, in words a person can act on, or null when it is
 * strong enough. `userInputs` (email, its local part, display name) count as known to an attacker.
 */
export function passwordWeakness(password: string, userInputs: readonly string[]): string | null {
  const { score, feedback } = estimator.check(password.slice(0, SCORED_LENGTH), [...userInputs]);
  if (score >= MIN_SCORE) return null;
  const reasons = [feedback.warning, ...feedback.suggestions].filter((text): text is string => Boolean(text));
  return ['This password is too easy to guess.', ...reasons].join(' ');
}
