// `pnpm schema:check`: compose the subgraphs afresh, diff the client-facing schema against the last
// release, and validate every client operation against it. Shared by the CLI, `schema:release` and
// the test that keeps the real schema passing.
import { resolve } from 'node:path';
import { buildSchema } from 'graphql';
import { readOperations, validateOperations } from './operations.js';
import { latestRelease } from './releases.js';
import { type ClassifiedChange, classifyChanges, formatChanges } from './schema-diff.js';
import { apiSchemaSdl, composeSupergraph, schemaRoot } from './supergraph.js';

export interface SchemaCheckResult {
  ok: boolean;
  /** The freshly composed client-facing schema. */
  apiSdl: string;
  release: string | undefined;
  changes: ClassifiedChange[];
  report: string;
}

export async function runSchemaCheck(root = schemaRoot): Promise<SchemaCheckResult> {
  const apiSdl = apiSchemaSdl(composeSupergraph(root).supergraphSdl);
  const release = latestRelease(resolve(root, 'releases'));
  const lines: string[] = [];
  let changes: ClassifiedChange[] = [];
  if (release) {
    changes = await classifyChanges(release.sdl, apiSdl);
    lines.push(`Changes since release ${release.file}:`, formatChanges(changes));
  } else {
    lines.push('No release in schema/releases/ yet: nothing to compare with (`pnpm schema:release`).');
  }
  const operations = validateOperations(buildSchema(apiSdl), readOperations(resolve(root, 'operations')));
  for (const d of operations.deprecations) {
    lines.push(`warning: ${d.file}: operation ${d.operation} uses a deprecated element: ${d.message}`);
  }
  for (const e of operations.errors) lines.push(`error: ${e.file}: operation ${e.operation}: ${e.message}`);
  const breaking = changes.filter((c) => c.verdict === 'breaking').length;
  const ok = breaking === 0 && operations.errors.length === 0;
  lines.push(
    ok
      ? 'Schema check passed.'
      : `Schema check failed: ${breaking} breaking change(s), ${operations.errors.length} invalid operation(s). ` +
          'See docs/schema-changes.md.',
  );
  return { ok, apiSdl, release: release?.file, changes, report: lines.join('\n') };
}
