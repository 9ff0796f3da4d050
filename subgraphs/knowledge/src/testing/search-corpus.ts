import type { Viewer } from '@ukp/kit';
import { type DocumentRow, documents } from '../db/schema.js';
import type { KnowledgeServer } from '../server.js';
import { startKnowledge } from './server-fixture.js';

/**
 * A fixed corpus for the search and ask tests: four topics (operations, databases, caching,
 * security), one PRIVATE document of Bob's, one DRAFT of Alice's, and a trio that differs only
 * in freshness and popularity. Every document is dated long ago unless a test needs it fresh, so
 * the text rank alone decides the order where a test says so.
 */
export const ALICE: Viewer = {
  userId: '00000000-0000-4000-8000-00000000a11c',
  roles: ['EDITOR'],
  sessionId: 's-alice',
};
export const BOB: Viewer = {
  userId: '00000000-0000-4000-8000-000000000b0b',
  roles: ['VIEWER'],
  sessionId: 's-bob',
};
export const CAROL: Viewer = {
  userId: '00000000-0000-4000-8000-0000000ca201',
  roles: ['VIEWER'],
  sessionId: 's-carol',
};
export const ADMIN: Viewer = {
  userId: '00000000-0000-4000-8000-0000000ad319',
  roles: ['ADMIN'],
  sessionId: 's-admin',
};

const LONG_AGO = new Date('2024-01-15T10:00:00.000Z');

type Seed = Pick<DocumentRow, 'title' | 'body'> &
  Partial<Pick<DocumentRow, 'tags' | 'status' | 'visibility' | 'authorId' | 'views' | 'updatedAt'>>;

export const CORPUS = {
  kubernetesGuide: {
    title: 'Kubernetes deployment guide',
    body: 'This guide explains how we ship services. The deployment runs three replicas by default. Rolling updates replace pods one at a time.',
    tags: ['kubernetes', 'ops'],
  },
  // Mentions Kubernetes once, but is fresh and popular: the boost must not lift it above better matches.
  dashboards: {
    title: 'Monitoring dashboards',
    body: 'Grafana dashboards show service health. Some panels also read metrics from Kubernetes.',
    tags: ['monitoring', 'ops'],
    views: 50_000,
    updatedAt: new Date(),
  },
  handbook: {
    title: 'Cluster operations handbook',
    body: 'Kubernetes schedules pods onto nodes. Kubernetes restarts failed containers. Upgrade Kubernetes one minor version at a time. Kubernetes namespaces separate teams.',
    tags: ['ops'],
  },
  docker: {
    title: 'Building Docker images',
    body: 'Build a Docker image with docker build. Keep images small with multi-stage builds. Push the image to the registry before rolling it out to Kubernetes.',
    tags: ['docker', 'ops'],
  },
  helm: {
    title: 'Helm charts',
    body: 'Helm packages Kubernetes manifests as charts. Run helm upgrade to roll out a new release.',
    tags: ['kubernetes', 'helm'],
  },
  backups: {
    title: 'PostgreSQL backups',
    body: '## Schedule\n\nBackups run nightly at 02:00 UTC with `pg_dump`. Point-in-time recovery replays the write-ahead log archived to object storage.\n\n- Restore drills happen every quarter.',
    tags: ['postgres', 'database'],
  },
  indexing: {
    title: 'Indexing PostgreSQL tables',
    body: 'A GIN index speeds up full-text search on tsvector columns. Use a B-tree index for equality and range queries. Check query plans with EXPLAIN ANALYZE.',
    tags: ['postgres', 'database', 'search'],
  },
  pooling: {
    title: 'Connection pooling',
    body: 'The API keeps a pool of ten database connections per instance. Idle connections close after five minutes. PgBouncer sits in front of the primary in production.',
    tags: ['database'],
  },
  caching: {
    title: 'Caching with Redis',
    body: 'Redis caches user sessions for 15 minutes. Cache keys are prefixed with the service name. Evicted keys are recomputed on the next read.',
    tags: ['redis', 'caching'],
  },
  events: {
    title: 'Redis pub/sub events',
    body: 'Services publish domain events on Redis channels. Delivery is at most once, so durable work belongs in Postgres.',
    tags: ['redis', 'events'],
  },
  tokens: {
    title: 'Access tokens',
    body: 'Access tokens expire after 15 minutes. Refresh tokens rotate on every use, and a reused refresh token revokes the whole session family.',
    tags: ['security', 'auth'],
  },
  // Inserted as the owner, so not sanitised: the snippet must stay inert whatever the body holds.
  passwords: {
    title: 'Password storage',
    body: 'Passwords are **hashed** with scrypt and a per-user salt. Never paste a password into a ticket: &lt;script&gt;alert(1)&lt;/script&gt; is how a password field <script>alert(2)</script> gets abused <img src=x onerror=alert(3)>.',
    tags: ['security'],
  },
  zanzibar: {
    title: 'Zanzibar acquisition plan',
    body: 'The Zanzibar acquisition closes in March. Quokka Labs is the target. Legal still reviews the deployment contract.',
    tags: ['finance'],
    visibility: 'PRIVATE',
    authorId: BOB.userId,
  },
  autoscaling: {
    title: 'Kubernetes autoscaling (draft)',
    body: 'Horizontal pod autoscaling targets 70 percent CPU. Autoscaling thresholds are still being tuned.',
    tags: ['kubernetes', 'ops'],
    status: 'DRAFT',
  },
  // Same words, same length: only freshness and popularity tell these three apart.
  incidentOld: {
    title: 'Incident review one',
    body: 'Write the incident timeline within two days.',
    tags: ['process'],
  },
  incidentFresh: {
    title: 'Incident review two',
    body: 'Write the incident timeline within two days.',
    tags: ['process'],
    updatedAt: new Date(),
  },
  incidentPopular: {
    title: 'Incident review three',
    body: 'Write the incident timeline within two days.',
    tags: ['process'],
    views: 5_000,
  },
} satisfies Record<string, Seed>;

export type CorpusKey = keyof typeof CORPUS;

export interface SearchFixture {
  server: KnowledgeServer;
  ids: Record<CorpusKey, string>;
  /** The key of a document id, to compare result lists readably. */
  keyOf(id: string): CorpusKey | undefined;
  /** An access token the server accepts, for the GraphQL-over-HTTP tests. */
  tokenFor(viewer: Viewer): Promise<string>;
  stop(): Promise<void>;
}

/** A knowledge server (`startKnowledge`) holding the corpus. */
export async function startSearchFixture(): Promise<SearchFixture> {
  const k = await startKnowledge();
  try {
    const entries = Object.entries(CORPUS) as Array<[CorpusKey, Seed]>;
    const rows = await k.db
      .insert(documents)
      .values(
        entries.map(([, seed]) => ({
          authorId: ALICE.userId,
          status: 'PUBLISHED' as const,
          visibility: 'PUBLIC' as const,
          publishedAt: seed.status === 'DRAFT' ? null : LONG_AGO,
          createdAt: LONG_AGO,
          updatedAt: LONG_AGO,
          ...seed,
        })),
      )
      .returning({ id: documents.id });
    const ids = Object.fromEntries(entries.map(([key], i) => [key, rows[i]!.id])) as Record<
      CorpusKey,
      string
    >;
    const keys = new Map(Object.entries(ids).map(([key, id]) => [id, key as CorpusKey]));
    k.deps.vocabulary.markStale();
    return {
      server: k.server,
      ids,
      keyOf: (id) => keys.get(id),
      tokenFor: async (viewer) =>
        (await k.signer.sign({ sub: viewer.userId, sid: viewer.sessionId, roles: viewer.roles })).token,
      stop: () => k.stop(),
    };
  } catch (error) {
    await k.stop();
    throw error;
  }
}
