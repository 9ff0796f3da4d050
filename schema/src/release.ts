// CLI of `pnpm schema:release`: records the current client-facing schema as a new release in
// schema/releases/, after the same check CI runs (a release must never carry a breaking change).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nextReleaseFile } from './releases.js';
import { runSchemaCheck } from './schema-check.js';
import { CompositionFailed, schemaRoot } from './supergraph.js';

const dir = resolve(schemaRoot, 'releases');
mkdirSync(dir, { recursive: true });
try {
  const result = await runSchemaCheck();
  process.stdout.write(`${result.report}\n`);
  if (!result.ok) {
    console.error('Not released: fix the check first.');
    process.exit(1);
  }
  if (result.release && result.changes.length === 0) {
    process.stdout.write(`Nothing changed since ${result.release}: no new release.\n`);
  } else {
    const file = nextReleaseFile(readdirSync(dir), new Date().toISOString().slice(0, 10));
    writeFileSync(resolve(dir, file), result.apiSdl);
    process.stdout.write(`Released schema/releases/${file}. Commit it.\n`);
  }
} catch (error) {
  if (!(error instanceof CompositionFailed)) throw error;
  console.error(error.message);
  process.exit(1);
}
