import { buildSubgraph } from '@apollo/federation-internals';
import {
  attachGraphqlWs,
  type RequestContext,
  silentLogger,
  startServiceServer,
  startSubgraphApollo,
  type TokenVerifier,
  viewerFromAuthorization,
} from '@ukp/kit';
import { type GraphQLSchema, isObjectType, isUnionType } from 'graphql';

/**
 * Small federated subgraphs for the gateway's integration tests. They are built with
 * federation-internals' `buildSubgraph` (what `@apollo/subgraph` does inside), because the
 * gateway package depends on that and not on `@apollo/subgraph`; served by the kit like the
 * real subgraphs: HTTP and graphql-ws on one port.
 */
export interface FixtureContext extends RequestContext {
  authorization: string | undefined;
}

type Obj = Record<string, unknown>;

export interface FixtureResolvers {
  /** `Type.field` → resolver. */
  fields?: Record<string, (parent: Obj, args: Obj, context: FixtureContext) => unknown>;
  /** `Subscription` field → the stream of that field's values. */
  subscriptions?: Record<string, (args: Obj, context: FixtureContext) => AsyncIterableIterator<unknown>>;
  /** Entity type → `__resolveReference`. */
  references?: Record<string, (reference: Obj, context: FixtureContext) => unknown>;
}

export interface FixtureSubgraph {
  name: string;
  url: string;
  typeDefs: string;
  stop(): Promise<void>;
}

export function buildFixtureSchema(
  name: string,
  typeDefs: string,
  resolvers: FixtureResolvers,
): GraphQLSchema {
  const schema = buildSubgraph(name, '', typeDefs).validate().schema.toGraphQLJSSchema();
  const field = (path: string) => {
    const [typeName, fieldName] = path.split('.');
    const type = schema.getType(typeName ?? '');
    const found = isObjectType(type) ? type.getFields()[fieldName ?? ''] : undefined;
    if (!found) throw new Error(`fixture ${name}: no field ${path}`);
    return found;
  };
  for (const [path, resolve] of Object.entries(resolvers.fields ?? {})) {
    field(path).resolve = (parent, args, context) => resolve(parent as Obj, args, context as FixtureContext);
  }
  for (const [fieldName, subscribe] of Object.entries(resolvers.subscriptions ?? {})) {
    const target = field(`Subscription.${fieldName}`);
    target.subscribe = (_root, args, context) => subscribe(args, context as FixtureContext);
    target.resolve = (event) => event;
  }
  field('Query._service').resolve = () => ({ sdl: typeDefs });
  const entity = schema.getType('_Entity');
  if (isUnionType(entity)) {
    entity.resolveType = (value) => (value as Obj).__typename as string;
    field('Query._entities').resolve = (_root, args, context) =>
      (args.representations as Obj[]).map((reference) => {
        const typename = reference.__typename as string;
        const resolve = resolvers.references?.[typename];
        const value = resolve ? resolve(reference, context as FixtureContext) : reference;
        return value == null ? null : { ...(value as Obj), __typename: typename };
      });
  }
  return schema;
}

/** Serves a fixture on 127.0.0.1, port 0, verifying tokens as the real subgraphs do. */
export async function startFixtureSubgraph(
  name: string,
  typeDefs: string,
  resolvers: FixtureResolvers,
  verifier: TokenVerifier,
): Promise<FixtureSubgraph> {
  const logger = silentLogger();
  const schema = buildFixtureSchema(name, typeDefs, resolvers);
  const apollo = await startSubgraphApollo<FixtureContext>({ schema, logger });
  const contextFor = async (
    authorization: string | undefined,
    requestId: string,
  ): Promise<FixtureContext> => ({
    requestId,
    viewer: await viewerFromAuthorization(authorization, verifier),
    ip: null,
    logger,
    authorization,
  });
  const server = await startServiceServer<FixtureContext>({
    name,
    port: 0,
    host: '127.0.0.1',
    logger,
    apollo,
    context: (req, requestId) =>
      contextFor(
        typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined,
        requestId,
      ),
    websocket: attachGraphqlWs({
      schema,
      context: (params) =>
        contextFor(
          typeof params?.authorization === 'string' ? params.authorization : undefined,
          String(params?.requestId ?? 'none'),
        ),
    }),
  });
  let stopped: Promise<void> | undefined;
  return {
    name,
    url: `http://127.0.0.1:${server.port}/graphql`,
    typeDefs,
    stop: () => {
      stopped ??= server.stop().then(() => apollo.stop());
      return stopped;
    },
  };
}
