import { describe, expect, it } from 'vitest';
import { sequentialComparison, twoProportionZTest } from './proportions.js';
import { binomial, mulberry32 } from './testing/prng.js';

/**
 * Why the sequential mode exists: A/A experiments (no true difference) watched on a dashboard and
 * stopped at the first look with p < 5%. The fixed-horizon test, built for one look, declares far
 * more than 5% of them winners; the mixture SPRT, valid at any stopping time, stays at or under 5%.
 */
const EXPERIMENTS = 2_000;
const PEEK_EVERY = 50; // users per arm between looks
const MAX_USERS = 2_000; // per arm: 40 looks
const RATE = 0.1;
const ALPHA = 0.05;

interface Outcome {
  fixedStopped: boolean;
  sequentialStopped: boolean;
}

function runExperiment(uniform: () => number, variantRate = RATE): Outcome {
  const control = { users: 0, conversions: 0 };
  const variant = { users: 0, conversions: 0 };
  let fixedStopped = false;
  let sequentialStopped = false;
  while (control.users < MAX_USERS && !(fixedStopped && sequentialStopped)) {
    control.users += PEEK_EVERY;
    control.conversions += binomial(uniform, PEEK_EVERY, RATE);
    variant.users += PEEK_EVERY;
    variant.conversions += binomial(uniform, PEEK_EVERY, variantRate);
    // Each test is watched on its own: once one has stopped, only the other keeps looking.
    if (!fixedStopped) fixedStopped = twoProportionZTest(control, variant).pValue < ALPHA;
    if (!sequentialStopped) sequentialStopped = sequentialComparison(control, variant).pValue < ALPHA;
  }
  return { fixedStopped, sequentialStopped };
}

describe('peeking at A/A experiments', () => {
  it('inflates the fixed-horizon false-positive rate far above 5% but not the sequential one', () => {
    const uniform = mulberry32(20_170_101);
    let fixed = 0;
    let sequential = 0;
    for (let i = 0; i < EXPERIMENTS; i++) {
      const outcome = runExperiment(uniform);
      if (outcome.fixedStopped) fixed++;
      if (outcome.sequentialStopped) sequential++;
    }
    const fixedRate = fixed / EXPERIMENTS;
    const sequentialRate = sequential / EXPERIMENTS;
    // Two binomial standard errors of a true 5% rate over 2,000 experiments.
    const samplingSlack = 2 * Math.sqrt((ALPHA * (1 - ALPHA)) / EXPERIMENTS);

    expect(fixedRate, `fixed-horizon false-positive rate ${fixedRate}`).toBeGreaterThan(0.15);
    expect(sequentialRate, `sequential false-positive rate ${sequentialRate}`).toBeLessThanOrEqual(
      ALPHA + samplingSlack,
    );
  });

  it('still finds a real difference (10% vs 15%) in most experiments', () => {
    const uniform = mulberry32(7);
    const runs = 300;
    let found = 0;
    for (let i = 0; i < runs; i++) if (runExperiment(uniform, 0.15).sequentialStopped) found++;
    expect(found / runs).toBeGreaterThan(0.8);
  });
});
