// Where the platform cases run (embedded PGlite, and PostgreSQL in a fresh database created for
// the run and dropped after it), and what they cost in SQL: statements counted at the client.
import { createRequire } from 'node:module';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { benchServerUrl, createBenchDatabase as createBenchDatabaseOn } from '../bench-database.js';
import { type Flush, isBegin, isTransactionEnd, WireConnection } from './sql-wire.js';

export type PlatformBackend = 'pglite' | 'postgres';

export const backendLabel: Record<PlatformBackend, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** BENCH_PLATFORM_DB: `pglite`, `postgres`, or both (the default), in that order. */
export function platformBackends(): PlatformBackend[] {
  const wanted = (process.env.BENCH_PLATFORM_DB ?? 'pglite,postgres').split(',').map((s) => s.trim());
  const backends = (['pglite', 'postgres'] as const).filter(
    (b) => wanted.includes(b) || wanted.includes('both'),
  );
  if (backends.length === 0)
    throw new Error(`BENCH_PLATFORM_DB=${process.env.BENCH_PLATFORM_DB}: pglite, postgres or both`);
  return backends;
}

/** A fresh database for the platform cases (bench-database.ts). */
export const createBenchDatabase = () => createBenchDatabaseOn('ukp_bench_gateways', 'ukp-bench-gateways');

/**
 * Running totals of the platform's SQL, counted at the client: `statements` are what drizzle runs
 * (its logger, through startPlatform's `onQuery`); `transactions` the BEGINs read from the
 * protocol messages the platform sends (sql-wire.ts), where BEGIN, COMMIT and postgres-js'
 * describes show too (see `WireCounts`). The analytics subgraph ingests the platform's events in
 * the background (a search, a document view…): its statements, and the transactions that ran any,
 * are kept apart as `background`, as the e2e tests keep them apart.
 */
export interface SqlCounts {
  statements: number;
  transactions: number;
  backgroundStatements: number;
  backgroundTransactions: number;
  /** WireCounts' round trips, kept here so a case's share is read with the rest. */
  roundTrips: number;
}

/**
 * What went over the wire, the analytics subgraph's left out: `roundTrips`, the flushes a
 * connection sent to PostgreSQL (a statement pipelined behind another rides in the same one), or
 * PGlite's calls into its engine (in-process: six for a parameterised statement, two for a simple
 * query); `statements`, every statement run, BEGIN and COMMIT included.
 */
export interface WireCounts {
  roundTrips: number;
  statements: number;
}

export const isAnalyticsStatement = (query: string) => /"analytics"\.|\banalytics\./.test(query);

export interface SqlCounter {
  counts: SqlCounts;
  wire: WireCounts;
  /** startPlatform's `onQuery`. */
  onQuery(query: string): void;
  /**
   * Statements logged while `work` runs and 300 ms after (sequential use only: one request, nothing
   * else in flight), then what went over the wire meanwhile; the analytics subgraph's only counted.
   */
  capture(work: () => Promise<unknown>): Promise<string[]>;
}

let activeCounter: Counter | undefined;

interface Counter extends SqlCounter {
  flushed(connection: TrackedConnection, flush: Flush): void;
}

/** A connection's transaction, attributed when it ends: background if any statement in it was. */
interface OpenTransaction {
  flushes: number;
  statements: number;
  background: boolean;
  /** Its flushes as listed by `capture`, kept until it is known whose they are. */
  lines: string[];
}

interface TrackedConnection {
  wire: WireConnection;
  open: OpenTransaction | null;
  engine: 'postgres' | 'pglite';
}

const connections = new WeakMap<object, TrackedConnection>();

function tracked(key: object, engine: TrackedConnection['engine']): TrackedConnection {
  let connection = connections.get(key);
  if (!connection) {
    connection = { wire: new WireConnection(), open: null, engine };
    connections.set(key, connection);
  }
  return connection;
}

const benchPort = Number(new URL(benchServerUrl).port || 5432);

/**
 * Reads what the platform writes to PostgreSQL (this process's sockets to the bench server) and
 * what it hands to PGlite (`execProtocolStream`, every query's and exec's way into the engine).
 * Bench-only: patched once, reported to the active counter.
 */
async function patchWire(): Promise<void> {
  const socketProto = net.Socket.prototype as net.Socket & { benchPatched?: boolean };
  if (!socketProto.benchPatched) {
    socketProto.benchPatched = true;
    const write = socketProto.write;
    socketProto.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
      if (activeCounter && this.remotePort === benchPort && chunk instanceof Uint8Array) {
        const connection = tracked(this, 'postgres');
        activeCounter.flushed(connection, connection.wire.read(chunk));
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof socketProto.write;
  }
  const kitRequire = createRequire(new URL('../../../packages/kit/package.json', import.meta.url));
  const entry = kitRequire.resolve('@electric-sql/pglite').replace(/\.cjs$/, '.js');
  const { PGlite } = (await import(pathToFileURL(entry).href)) as {
    PGlite: {
      prototype: { execProtocolStream: (...args: unknown[]) => Promise<unknown>; benchPatched?: boolean };
    };
  };
  const proto = PGlite.prototype;
  if (proto.benchPatched) return;
  proto.benchPatched = true;
  const execProtocolStream = proto.execProtocolStream;
  proto.execProtocolStream = function (this: object, message: unknown, ...rest: unknown[]) {
    if (activeCounter && message instanceof Uint8Array) {
      const connection = tracked(this, 'pglite');
      activeCounter.flushed(connection, connection.wire.read(message));
    }
    return execProtocolStream.call(this, message, ...rest);
  };
}

const short = (statement: string) => {
  const flat = statement.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 90)}…` : flat;
};

export async function sqlCounter(): Promise<SqlCounter> {
  await patchWire();
  let captured: string[] | undefined;
  let capturedBackground = 0;
  let wireLines: string[] | undefined;
  const request = {
    flushes: 0,
    describes: 0,
    statements: 0,
    engine: 'postgres' as TrackedConnection['engine'],
  };
  const counter: Counter = {
    counts: {
      statements: 0,
      transactions: 0,
      backgroundStatements: 0,
      backgroundTransactions: 0,
      roundTrips: 0,
    },
    wire: { roundTrips: 0, statements: 0 },
    onQuery(query) {
      const background = isAnalyticsStatement(query);
      if (background) counter.counts.backgroundStatements += 1;
      else counter.counts.statements += 1;
      if (captured) {
        if (background) capturedBackground += 1;
        else captured.push(query.replace(/\s+/g, ' ').trim());
      }
    },
    flushed(connection, flush) {
      if (flush.messages === 0) return; // startup, authentication
      const background = [flush.about, ...flush.statements].some(isAnalyticsStatement);
      let attributed = true;
      for (const statement of flush.statements) {
        if (isBegin(statement)) connection.open = { flushes: 0, statements: 0, background: false, lines: [] };
      }
      const open = connection.open;
      if (open) {
        open.flushes += 1;
        open.statements += flush.statements.length;
        open.background ||= background;
        attributed = false;
      }
      const record = (isBackground: boolean, flushes: number, statements: number) => {
        if (isBackground) return;
        counter.wire.roundTrips += flushes;
        counter.counts.roundTrips += flushes;
        counter.wire.statements += statements;
        if (wireLines) {
          request.flushes += flushes;
          request.statements += statements;
        }
      };
      if (attributed) record(background, 1, flush.statements.length);
      if (wireLines && connection.engine === 'postgres') {
        const parts = [
          ...flush.statements.map(short),
          ...(flush.describeOnly ? ['describe (parameter types) of the next statement'] : []),
        ];
        const line = `--   ${parts.join(' ‖ ')}`;
        if (open) open.lines.push(line);
        else if (!background) wireLines.push(line);
      }
      if (wireLines && !(open ? open.background : background)) {
        request.engine = connection.engine;
        if (flush.describeOnly) request.describes += 1;
      }
      if (open && flush.statements.some(isTransactionEnd)) {
        record(open.background, open.flushes, open.statements);
        if (open.background) counter.counts.backgroundTransactions += 1;
        else counter.counts.transactions += 1;
        if (!open.background) wireLines?.push(...open.lines);
        connection.open = null;
      }
    },
    async capture(work) {
      captured = [];
      capturedBackground = 0;
      wireLines = [];
      Object.assign(request, { flushes: 0, describes: 0, statements: 0 });
      const list = captured;
      const lines = wireLines;
      const txBefore = counter.counts.transactions;
      try {
        await work();
        // Let what the request set off settle (fire-and-forget writes, analytics batches).
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        captured = undefined;
        wireLines = undefined;
      }
      const tx = counter.counts.transactions - txBefore;
      const summary =
        request.engine === 'postgres'
          ? `-- wire: ${request.flushes} round trip(s) (${request.describes} of them describes), ${request.statements} statement(s) with BEGIN/COMMIT, ${tx} transaction(s):`
          : `-- PGlite: ${request.flushes} call(s) into the engine, ${request.statements} statement(s) with BEGIN/COMMIT, ${tx} transaction(s)`;
      return [
        ...list,
        summary,
        ...lines,
        ...(capturedBackground > 0
          ? [
              `-- + ${capturedBackground} statement(s) of the analytics subgraph meanwhile (background ingestion)`,
            ]
          : []),
      ];
    },
  };
  activeCounter = counter;
  return counter;
}
