// The reference point: a plain @apollo/gateway + @apollo/server (startStandaloneServer) over a
// supergraph file, with per-subgraph URL overrides, in this process. Nothing of ours in between —
// Apollo's own planner, executor, data sources and error formatting.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

export interface PlainGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startPlainGateway(
  supergraphPath: string,
  urlOverrides: Record<string, string> = {},
): Promise<PlainGateway> {
  // The ApolloGateway constructor reads this: otherwise it exports usage metrics to Apollo and
  // probes cloud metadata endpoints.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: urlOverrides[name] ?? url }),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
