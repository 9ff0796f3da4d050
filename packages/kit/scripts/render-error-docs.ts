// Renders the error-code registry into docs/errors.md; `--check` fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '../src/errors.js';

const target = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
const rows = Object.entries(ERROR_CODES).map(
  ([code, { http, description }]) => `| \`${code}\` | ${http} | ${description} |`,
);
const rendered = [
  '# Error codes',
  '',
  'Every GraphQL error the platform returns carries `extensions.code` (one of these) and',
  '`extensions.requestId` (quote it when you report a problem: the logs are keyed by it).',
  'Generated from `packages/kit/src/errors.ts` by `pnpm errors:docs`; do not edit by hand.',
  '',
  '| code | HTTP status when it is the only error | meaning |',
  '| --- | --- | --- |',
  ...rows,
  '',
].join('\n');

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== rendered) {
    console.error('docs/errors.md is stale: run `pnpm errors:docs` and commit the result.');
    process.exit(1);
  }
} else {
  writeFileSync(target, rendered);
}
