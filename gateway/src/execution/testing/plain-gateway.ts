// The reference point: a plain @apollo/gateway + @apollo/server (startStandaloneServer) over a
// supergraph file, with per-subgraph URL overrides, in this process. Nothing of ours in between —
// Apollo's own planner, executor, data sources and error formatting. The differential suite and
// the gateway bench (`bench/src/gateways/plain.ts`) both start it from here.
//
// It lives here rather than in `@ukp/kit/testing` because it needs `@apollo/gateway`, which the
// kit does not depend on (the gateway does, and the bench, its other user, may import test code
// by path: the layering rules bind shipped code, not `bench/`).
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GatewayConfig, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

export interface PlainGateway {
  url: string;
  stop(): Promise<void>;
}

export interface PlainGatewayOptions {
  /** Subgraph name → URL, instead of the URLs in the supergraph. */
  urlOverrides?: Record<string, string>;
  /** Passes the caller's `authorization` header on to every subgraph (signed-in operations). */
  forwardAuthorization?: boolean;
  /** Apollo's own log; silent by default. */
  logger?: GatewayConfig['logger'];
}

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

export async function startPlainGateway(
  supergraphPath: string,
  options: PlainGatewayOptions = {},
): Promise<PlainGateway> {
  const { urlOverrides = {} } = options;
  const DataSource = options.forwardAuthorization ? ForwardAuthorization : RemoteGraphQLDataSource;
  // The ApolloGateway constructor reads this: otherwise it exports usage metrics to Apollo and
  // probes cloud metadata endpoints.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => {
      const target = urlOverrides[name] ?? url;
      return new DataSource(target ? { url: target } : {});
    },
    logger: options.logger ?? { debug() {}, info() {}, warn() {}, error() {} },
  });
  const server = new ApolloServer<Context>({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) =>
      typeof req.headers.authorization === 'string' ? { authorization: req.headers.authorization } : {},
  });
  return { url, stop: () => server.stop() };
}
