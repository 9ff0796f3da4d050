// Composes the subgraphs listed in subgraphs.json into supergraph.graphql with @apollo/composition.
// `--check` fails when composition reports errors or the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const list = JSON.parse(readFileSync(resolve(root, 'subgraphs.json'), 'utf8')) as {
  subgraphs: Array<{ name: string; schema: string; url: string }>;
};

const result = composeServices(
  list.subgraphs.map((s) => ({
    name: s.name,
    url: s.url,
    typeDefs: parse(readFileSync(resolve(root, s.schema), 'utf8')),
  })),
);

if (result.errors) {
  console.error('Composition failed:');
  for (const error of result.errors) console.error(`  - ${error.message}`);
  process.exit(1);
}
for (const hint of result.hints ?? []) console.error(`hint: ${hint.definition.code}: ${hint.message}`);

const target = resolve(root, 'supergraph.graphql');
const rendered = `${result.supergraphSdl.trimEnd()}\n`;
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== rendered) {
    console.error('schema/supergraph.graphql is stale: run `pnpm compose` and commit the result.');
    process.exit(1);
  }
  console.error(`supergraph is up to date (${list.subgraphs.length} subgraphs).`);
} else {
  writeFileSync(target, rendered);
  console.error(`wrote schema/supergraph.graphql (${list.subgraphs.length} subgraphs).`);
}
