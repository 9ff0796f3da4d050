// `pnpm env:check`: every variable a service parses is documented in .env.example.
import { readFileSync } from 'node:fs';
import { gatewayEnv } from '@ukp/gateway';
import { knowledgeEnv } from '@ukp/knowledge';
import { usersEnv } from '@ukp/users';

const documented = new Set(
  readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name)),
);
const declared = new Set([
  ...Object.keys(usersEnv),
  ...Object.keys(knowledgeEnv),
  ...Object.keys(gatewayEnv),
  'PORT',
  'DATA_DIR',
]);
const missing = [...declared].filter((name) => !documented.has(name));
if (missing.length > 0) {
  console.error(`.env.example does not document: ${missing.join(', ')}`);
  process.exit(1);
}
console.error(`.env.example documents all ${declared.size} variables.`);
