// Child-process entry: a plain @apollo/gateway + @apollo/server (startStandaloneServer) over
// SUPERGRAPH_PATH with SUBGRAPH_URLS overrides, forwarding the authorization header — the
// reference point our gateway is compared with. Prints `READY <url>`; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

interface Context {
  authorization?: string;
}

class ForwardAuthorization extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<Context>['willSendRequest']>>[0]) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

const overrides = new Map(
  (process.env.SUBGRAPH_URLS ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
// Same as ours: never export telemetry to Apollo or probe cloud metadata endpoints.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH ?? '', 'utf8'),
  buildService: ({ name, url }) => new ForwardAuthorization({ url: overrides.get(name) ?? url }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async ({ req }) => ({
    ...(typeof req.headers.authorization === 'string' ? { authorization: req.headers.authorization } : {}),
  }),
});
process.stdout.write(`READY ${url}\n`);
process.once('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
