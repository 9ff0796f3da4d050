// Composes the subgraphs listed in subgraphs.json into supergraph.graphql with @apollo/composition.
// `--check` fails when composition reports errors or the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CompositionFailed, composeSupergraph, listSubgraphs, schemaRoot } from './supergraph.js';

let rendered: string;
try {
  const result = composeSupergraph();
  for (const hint of result.hints) console.error(`hint: ${hint}`);
  rendered = result.supergraphSdl;
} catch (error) {
  if (!(error instanceof CompositionFailed)) throw error;
  console.error(error.message);
  process.exit(1);
}

const count = listSubgraphs().length;
const target = resolve(schemaRoot, 'supergraph.graphql');
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== rendered) {
    console.error('schema/supergraph.graphql is stale: run `pnpm compose` and commit the result.');
    process.exit(1);
  }
  console.error(`supergraph is up to date (${count} subgraphs).`);
} else {
  writeFileSync(target, rendered);
  console.error(`wrote schema/supergraph.graphql (${count} subgraphs).`);
}
