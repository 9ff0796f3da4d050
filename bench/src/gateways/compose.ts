// Composes the benchmark subgraphs into a supergraph file both gateways load, so they plan
// against exactly the same schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import type { DocumentNode } from 'graphql';

export function writeSupergraph(
  dir: string,
  subgraphs: Record<string, { typeDefs: DocumentNode; url: string }>,
): string {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, s]) => ({ name, url: s.url, typeDefs: s.typeDefs })),
  );
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  const path = join(dir, 'supergraph.graphql');
  writeFileSync(path, result.supergraphSdl);
  return path;
}
