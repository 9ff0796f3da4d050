import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noResults } from '../domain/experiments/testing/variants.js';
import type { AnalyticsServices } from '../services.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../testing/db-fixture.js';
import { codes, resolverHarness } from '../testing/resolver-harness.js';
import { experimentResolvers } from './experiments.js';

/*
 * The experiment resolvers on the real SDL and shield, without the rest of the server: what a
 * client sends and sees, and who may do it.
 */
let fx: AnalyticsDbFixture;
const { run } = resolverHarness(
  {
    Query: experimentResolvers.Query,
    Mutation: experimentResolvers.Mutation,
    Experiment: experimentResolvers.Experiment,
  },
  () => ({ deps: fx.deps }) as AnalyticsServices,
);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-01T12:00:00.000Z') });
});
afterAll(() => fx?.stop());

const CREATE = `mutation($input: CreateExperimentInput!) {
  createExperiment(input: $input) { key status metric sequential sampleRatioMismatch sampleRatioPValue winner createdAt concludedAt
    variants { name users conversions rate liftVsControl ciLow ciHigh pValue } } }`;
const input = (key: string) => ({
  key,
  metric: 'search.performed',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
});

describe('experiment resolvers', () => {
  it('an ANALYST creates an experiment: every field, fixed horizon by default', async () => {
    const result = await run(['ANALYST'], CREATE, { input: input('gql.create') });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createExperiment).toEqual({
      key: 'gql.create',
      status: 'RUNNING',
      metric: 'search.performed',
      sequential: false,
      sampleRatioMismatch: false,
      sampleRatioPValue: null,
      winner: null,
      createdAt: '2026-03-01T12:00:00.000Z',
      concludedAt: null,
      variants: [noResults('control'), noResults('treatment')],
    });
  });

  it('bad input and a taken key carry their codes, the field named', async () => {
    const bad = await run(['ANALYST'], CREATE, {
      input: { ...input('gql.bad'), variants: [{ name: 'only', weight: 1 }] },
    });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions.field).toBe('variants');
    expect(codes(await run(['ANALYST'], CREATE, { input: input('gql.create') }))).toEqual(['CONFLICT']);
  });

  it('a VIEWER may not create, conclude or read experiments; anonymous callers must sign in', async () => {
    expect(codes(await run(['VIEWER'], CREATE, { input: input('gql.viewer') }))).toEqual(['FORBIDDEN']);
    expect(
      codes(await run(['VIEWER'], 'mutation { concludeExperiment(key: "gql.create") { key } }')),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await run(['VIEWER'], '{ experiments { key } }'))).toEqual(['FORBIDDEN']);
    expect(
      codes(await run(null, 'mutation { assignVariant(experimentKey: "gql.create") { variant } }')),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('any signed-in user is assigned, the same variant every time; an ANALYST sees the exposure', async () => {
    const assign = 'mutation { assignVariant(experimentKey: "gql.create") { experimentKey variant } }';
    const first = await run(['VIEWER'], assign, {}, 'u-viewer');
    expect(first.errors).toBeUndefined();
    expect(await run(['VIEWER'], assign, {}, 'u-viewer')).toEqual(first);
    const read = await run(['ANALYST'], '{ experiment(key: "gql.create") { variants { name users } } }');
    const variant = (first.data!.assignVariant as { variant: string }).variant;
    expect(read.data?.experiment).toEqual({
      variants: ['control', 'treatment'].map((name) => ({ name, users: name === variant ? 1 : 0 })),
    });
    expect(
      codes(await run(['VIEWER'], 'mutation { assignVariant(experimentKey: "nope") { variant } }')),
    ).toEqual(['NOT_FOUND']);
  });

  it('lists, reads by key (null when unknown) and concludes', async () => {
    const list = await run(['ADMIN'], '{ experiments { key } missing: experiment(key: "nope") { key } }');
    expect(list.data).toEqual({ experiments: [{ key: 'gql.create' }], missing: null });
    fx.clock.now = new Date('2026-03-02T08:00:00.000Z');
    const done = await run(
      ['ANALYST'],
      'mutation { concludeExperiment(key: "gql.create") { status concludedAt } }',
    );
    expect(done.data?.concludeExperiment).toEqual({
      status: 'CONCLUDED',
      concludedAt: '2026-03-02T08:00:00.000Z',
    });
    const late = await run(
      ['VIEWER'],
      'mutation { assignVariant(experimentKey: "gql.create") { variant } }',
      {},
      'u-late',
    );
    expect(codes(late)).toEqual(['CONFLICT']);
  });
});
