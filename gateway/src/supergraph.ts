import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';

export interface SupergraphInfo {
  sdl: string;
  subgraphs: Array<{ name: string; url: string }>;
}

/** The subgraphs a supergraph names, read from its `join__Graph` enum. */
export function subgraphsOf(sdl: string): Array<{ name: string; url: string }> {
  const document = parse(sdl);
  const graphEnum = document.definitions.find(
    (d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  if (!graphEnum || graphEnum.kind !== Kind.ENUM_TYPE_DEFINITION)
    throw new Error('not a supergraph: no join__Graph enum');
  return (graphEnum.values ?? []).map((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const arg = (name: string) => {
      const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
      return node?.kind === Kind.STRING ? node.value : undefined;
    };
    return { name: arg('name') ?? value.name.value.toLowerCase(), url: arg('url') ?? '' };
  });
}

/** Reads a supergraph, with URL overrides applied to the subgraphs it names. */
export function loadSupergraph(path: string, overrides: Record<string, string>): SupergraphInfo {
  let sdl: string;
  try {
    sdl = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the supergraph at ${path}: ${(error as Error).message}`, { cause: error });
  }
  const subgraphs = subgraphsOf(sdl).map((s) => ({ name: s.name, url: overrides[s.name] ?? s.url }));
  const unknown = Object.keys(overrides).filter((name) => !subgraphs.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new Error(`URL overrides name subgraphs not in the supergraph: ${unknown.join(', ')}`);
  return { sdl, subgraphs };
}
