// `pnpm env:check`: every variable a service parses is documented in .env.example.
import { readFileSync } from 'node:fs';
import { ENV_SCHEMAS } from '@ukp/platform';

const documented = new Set(
  readFileSync(new URL('../.env.example', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name)),
);
const declared = new Set(Object.values(ENV_SCHEMAS).flatMap((schema) => Object.keys(schema)));
const missing = [...declared].filter((name) => !documented.has(name));
if (missing.length > 0) {
  console.error(`.env.example does not document: ${missing.join(', ')}`);
  process.exit(1);
}
console.error(`.env.example documents all ${declared.size} variables.`);
