// One case against every contender: check they answer alike, warm each up, then alternate them
// round by round so machine drift hits all the same.
import { deepStrictEqual } from 'node:assert/strict';
import type { BenchChild } from './child.js';
import { closedLoop, post, type Target } from './load.js';
import type { SqlCounts } from './platform-db.js';
import type { Row } from './report.js';

export interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A running count of downstream work (subgraph requests or SQL statements). */
  downstream: () => number | Promise<number>;
  /** CPU milliseconds used so far by helper processes (subgraphs in their own processes). */
  helperCpuMs?: () => number;
  downstreamLabel: Row['downstreamLabel'];
  /** Platform cases: the running SQL counts (statements, transactions, background). */
  sql?: () => SqlCounts;
}

export interface LoadSettings {
  concurrency: number;
  seconds: number;
  rounds: number;
}

export interface Contender {
  name: Row['gateway'];
  child: BenchChild;
  target: Target;
  /** A peer: one that answers differently is left out (with a note) rather than ending the run. */
  optional?: boolean;
}

async function answer(c: Case, contender: Contender, body: string): Promise<unknown> {
  const { status, text } = await post(contender.target, body, c.headers);
  const parsed = JSON.parse(text) as { errors?: unknown };
  if (status !== 200 || parsed.errors) {
    throw new Error(`${c.name}: ${contender.name} gateway answered ${status}: ${text.slice(0, 500)}`);
  }
  return parsed;
}

export async function runCase(c: Case, contenders: Contender[], settings: LoadSettings): Promise<Row[]> {
  const body = JSON.stringify({ query: c.query, variables: c.variables ?? {} });
  const headers = c.headers ?? {};
  const [first, ...others] = await Promise.all(contenders.map((g) => answer(c, g, body)));
  // A faster gateway that answers differently would be no result at all.
  for (const other of others) deepStrictEqual(other, first, `${c.name}: the gateways disagree`);

  const warmupSeconds = Math.min(1, settings.seconds);
  for (const g of contenders) await closedLoop(g.target, body, headers, settings.concurrency, warmupSeconds);

  const rows = contenders.map(
    (g): Row => ({
      case: c.name,
      gateway: g.name,
      requests: 0,
      seconds: 0,
      errors: 0,
      latencies: [],
      cpuMs: 0,
      restCpuMs: 0,
      helperCpuMs: 0,
      downstream: 0,
      downstreamLabel: c.downstreamLabel,
      ...(c.sql
        ? {
            sql: {
              statements: 0,
              transactions: 0,
              backgroundStatements: 0,
              backgroundTransactions: 0,
              roundTrips: 0,
            },
          }
        : {}),
    }),
  );
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const [i, g] of contenders.entries()) {
      const row = rows[i]!;
      const cpuBefore = g.child.cpuMs();
      const restBefore = process.cpuUsage();
      const helpersBefore = c.helperCpuMs?.() ?? 0;
      const downBefore = await c.downstream();
      const sqlBefore = c.sql ? { ...c.sql() } : undefined;
      const result = await closedLoop(g.target, body, headers, settings.concurrency, settings.seconds);
      const cpuMs = g.child.cpuMs() - cpuBefore;
      row.cpuMs += cpuMs;
      const rest = process.cpuUsage(restBefore);
      const helpers = (c.helperCpuMs?.() ?? 0) - helpersBefore;
      row.restCpuMs += (rest.user + rest.system) / 1000 + helpers;
      row.helperCpuMs += helpers;
      row.downstream += (await c.downstream()) - downBefore;
      if (c.sql && sqlBefore && row.sql) {
        const now = c.sql();
        for (const key of Object.keys(row.sql) as Array<keyof SqlCounts>)
          row.sql[key] += now[key] - sqlBefore[key];
      }
      if (process.env.BENCH_ROUNDS_LOG) {
        // Each round's figures, to judge an A/B's spread (stderr: the report stays as it was).
        const perRequest = (cpuMs / Math.max(1, result.requests)).toFixed(2);
        process.stderr.write(
          `round ${round + 1} ${g.name}: ${result.requests} requests, ${perRequest} CPU-ms/req\n`,
        );
      }
      row.requests += result.requests;
      row.seconds += settings.seconds;
      row.errors += result.errors;
      for (const l of result.latencies) row.latencies.push(l);
      if (result.firstError) row.firstError ??= result.firstError;
    }
  }
  return rows;
}

/**
 * Leaves out the optional contenders (peers) whose answer differs from the first contender's or
 * that fail to answer, each with a note; the others must then agree in `runCase`.
 */
export async function agreeing(c: Case, contenders: Contender[], notes: string[]): Promise<Contender[]> {
  const body = JSON.stringify({ query: c.query, variables: c.variables ?? {} });
  const [reference, ...rest] = contenders;
  if (!reference) return [];
  const expected = await answer(c, reference, body);
  const kept = [reference];
  for (const g of rest) {
    if (!g.optional) {
      kept.push(g);
      continue;
    }
    try {
      deepStrictEqual(await answer(c, g, body), expected);
      kept.push(g);
    } catch (error) {
      notes.push(
        `${g.name}: NOT MEASURED — its answer differs from ${reference.name}'s: ${String(error).slice(0, 300)}`,
      );
      await g.child.stop();
    }
  }
  return kept;
}
