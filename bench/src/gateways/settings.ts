// How hard and how long bench:gateways drives each contender. A shape is a preset of defaults;
// BENCH_CONCURRENCY / BENCH_SECONDS / BENCH_ROUNDS still override any of its values.
import type { LoadSettings } from './run-case.js';

export interface Shape extends LoadSettings {
  name: string;
  /**
   * Case (a) gateways in production mode, ours with its response cache off: how the public
   * federation-gateways benchmark runs every gateway (issue 14's table).
   */
  production: boolean;
  responseCache?: 'false';
}

const shapes: Record<string, Shape> = {
  // Short enough to run while working; the figures are for comparing changes, not publishing.
  default: { name: 'default', concurrency: 16, seconds: 3, rounds: 3, production: false },
  // The public benchmark: 50 connections, 3 × 20 s alternating rounds in one run.
  public: {
    name: 'public',
    concurrency: 50,
    seconds: 20,
    rounds: 3,
    production: true,
    responseCache: 'false',
  },
};

export function loadShape(env: Record<string, string | undefined> = process.env): Shape {
  const name = env.BENCH_SHAPE ?? 'default';
  const shape = shapes[name];
  if (!shape) throw new Error(`BENCH_SHAPE=${name}: not one of ${Object.keys(shapes).join(', ')}`);
  const number = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);
  return {
    ...shape,
    concurrency: number(env.BENCH_CONCURRENCY, shape.concurrency),
    seconds: number(env.BENCH_SECONDS, shape.seconds),
    rounds: number(env.BENCH_ROUNDS, shape.rounds),
  };
}
