// `pnpm codegen:check`: regenerates the codegen outputs and fails (restoring the committed files)
// when they differ from what is in the working tree.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = [
  'packages/client/src/generated',
  // The gateway's trusted-documents manifest, copied there by a codegen hook (see codegen.ts).
  'schema/persisted-documents.json',
  ...readdirSync('subgraphs').map((name) => join('subgraphs', name, 'src/generated')),
];

function snapshot() {
  const files = new Map();
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    if (!statSync(dir).isDirectory()) {
      files.set(dir, readFileSync(dir, 'utf8'));
      return;
    }
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(path, readFileSync(path, 'utf8'));
    }
  };
  for (const root of roots) walk(root);
  return files;
}

const before = snapshot();
execFileSync('pnpm', ['exec', 'graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
const after = snapshot();
const stale = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
if (stale.length > 0) {
  for (const [path] of after) if (!before.has(path)) rmSync(path);
  for (const [path, text] of before) writeFileSync(path, text);
  console.error(
    `Generated code is stale: run \`pnpm codegen\` and commit the result.\n  ${stale.join('\n  ')}`,
  );
  process.exit(1);
}
console.error('generated code is up to date.');
