import { fileURLToPath } from 'node:url';
import { readSdl, type SubgraphHostOptions, startSubgraph, type TracingOverrides } from '@ukp/kit';
import { createKnowledgeContext, type KnowledgeContext, type Realtime } from './context.js';
import type { Scheduler } from './domain/collab/scheduler.js';
import { type CollaborationOptions, createCollaboration } from './domain/collab/service.js';
import type { KnowledgeDeps } from './domain/deps.js';
import { createLiveFeeds, type LiveFeedsOptions, type SubscriptionField } from './domain/subscriptions.js';
import { TextChangeThrottle } from './domain/text-changes.js';
import { createVocabulary } from './domain/vocabulary.js';
import type { KnowledgeEnv } from './env.js';
import { knowledgePermissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { type DemoAuthors, seedDemoCorpus } from './seed/seed.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
const typeDefs = readSdl(new URL('./schema.graphql', import.meta.url));

/** Topics other instances publish that make the did-you-mean vocabulary stale here too. */
const VOCABULARY_TOPICS = ['document.published', 'document.updated', 'document.archived', 'document.deleted'];

export interface KnowledgeServerOptions extends SubgraphHostOptions {
  env: KnowledgeEnv;
  /** Port to listen on; defaults to KNOWLEDGE_PORT (tests pass 0). */
  port?: number;
  now?: () => Date;
  /** DEVELOPMENT ONLY: load the demo corpus into an empty database, written by these users. */
  seedDemo?: DemoAuthors;
  /** Timers of live editing (compaction, presence); tests pass one they drive with `now`. */
  scheduler?: Scheduler;
  collaboration?: Omit<CollaborationOptions, 'scheduler'>;
  subscriptions?: LiveFeedsOptions;
  /** Span processors (tests: in-memory exporters) and the service name, besides the OTEL_* env. */
  tracing?: TracingOverrides;
  /**
   * Tests only: turn off one of the read guards (the service's own filter, the Document shield
   * rule) to show the others hold alone. Both are on unless set to false.
   */
  readGuards?: { filter?: boolean; documentRule?: boolean };
}

export interface KnowledgeServer {
  url: string;
  port: number;
  deps: KnowledgeDeps;
  realtime: Realtime;
  /** GraphQL subscriptions open on this instance, per field. */
  activeSubscriptions(): Record<SubscriptionField, number>;
  stop(): Promise<void>;
}

/** The knowledge subgraph on the kit's runtime: its vocabulary, its deps, its seeding, live editing. */
export async function createKnowledgeServer(options: KnowledgeServerOptions): Promise<KnowledgeServer> {
  const { env } = options;
  return startSubgraph<KnowledgeContext, Omit<KnowledgeServer, 'url' | 'port' | 'stop'>>({
    ...options,
    name: 'knowledge',
    port: options.port ?? env.KNOWLEDGE_PORT,
    migrations: MIGRATIONS_FOLDER,
    typeDefs,
    async setup({ database, bus, logger, resources }) {
      const vocabulary = createVocabulary(database.db, logger);
      resources.add('vocabulary', () => vocabulary.close());
      for (const topic of VOCABULARY_TOPICS) {
        const unsubscribe = await bus.subscribe(topic, () => vocabulary.markStale());
        resources.add(`bus:${topic}`, unsubscribe);
      }

      const deps: KnowledgeDeps = {
        db: database.db,
        bus,
        logger,
        now: options.now ?? (() => new Date()),
        vocabulary,
        bodyMaxBytes: env.KNOWLEDGE_BODY_MAX_BYTES,
        // Stopped by live editing (`collab.stop`), which still reads documents' text for its last events.
        textChanges: new TextChangeThrottle({
          bus,
          logger,
          ...(options.scheduler ? { scheduler: options.scheduler } : {}),
        }),
        filterReads: options.readGuards?.filter ?? true,
      };
      if (options.seedDemo) await seedDemoCorpus(deps, options.seedDemo);
      void vocabulary.ensureFresh();

      // Registered before the server (the runtime opens it after this), so it stops after it:
      // open subscriptions end first, then live editing compacts what it holds.
      const collab = await createCollaboration(deps, {
        ...(env.KNOWLEDGE_COLLAB_MAX_STATE_BYTES
          ? { maxStateBytes: env.KNOWLEDGE_COLLAB_MAX_STATE_BYTES }
          : {}),
        ...options.collaboration,
        ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      });
      resources.add('live editing', () => collab.stop());
      const realtime: Realtime = { collab, feeds: createLiveFeeds(deps, options.subscriptions) };

      return {
        resolvers,
        permissions: knowledgePermissions({ documentReadRule: options.readGuards?.documentRule ?? true }),
        context: (base) => createKnowledgeContext(base, deps, realtime),
        expose: { deps, realtime, activeSubscriptions: () => realtime.feeds.active() },
      };
    },
  });
}
