import { checkRefusal, postGraphql, short } from '../http.js';
import type { Probe } from '../scan.js';

/** The most an anonymous answer may be before it counts as a finding. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * Response bytes: item limits alone let a small query ask for hundreds of large text fields (15
 * aliases × 20 revision bodies of up to 1 MB each killed the gateway). A hardened gateway weighs
 * large fields in its cost and bounds the bytes it answers with.
 */
export const responseSizeProbes: Probe[] = [
  {
    name: 'many aliases of a large text field refused (cost or response bytes)',
    group: 'limits',
    async run({ url }) {
      const aliases = Array.from(
        { length: 15 },
        (_, i) =>
          `a${i}: documents(first: 20) { edges { node { body revisions(first: 20) { edges { node { body } } } } } }`,
      ).join(' ');
      // A new operation name each run, so no response cache answers in the server's place.
      const query = `query Bodies${Date.now()} { ${aliases} }`;
      const answer = await postGraphql(url, { query });
      const findings = checkRefusal(answer, {
        status: 400,
        code: ['QUERY_TOO_COMPLEX', 'RESPONSE_TOO_LARGE'],
      });
      const bytes = Buffer.byteLength(answer.text);
      if (bytes > MAX_ANSWER_BYTES)
        findings.push(`answered ${bytes} bytes anonymously: ${short(answer.text, 80)}`);
      return findings;
    },
  },
];
