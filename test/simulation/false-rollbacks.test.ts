import { flaggerPolicy, rampkitPolicy, SCENARIOS, simulateMany } from '@rampkit/rollout/simulation';
import { describe, expect, it } from 'vitest';
import { binomialAllowance } from './binomial-bound.js';
import { latencyOnlyJudge } from './latency-judge.js';

const SEEDS = 300;
const ALPHA = 0.01;

describe('a canary as good as stable is rolled back with probability ≤ alpha, however often the judge looks', () => {
  // One traffic realisation per seed, judged every second, every 10 s and every minute over the
  // 30-minute plan 5% → 25% → 50% at 50 requests/s; canary and stable both fail 1% of requests.
  const summaries = simulateMany({
    scenario: SCENARIOS.sameErrorRate,
    seeds: SEEDS,
    firstSeed: 1000,
    policies: [
      rampkitPolicy({ name: 'every 1s', intervalSeconds: 1 }),
      rampkitPolicy({ name: 'every 10s', intervalSeconds: 10 }),
      rampkitPolicy({ name: 'every 60s', intervalSeconds: 60 }),
      flaggerPolicy(),
    ],
  });
  const allowance = binomialAllowance(SEEDS, ALPHA);

  it.each(['every 1s', 'every 10s', 'every 60s'])('checked %s over 300 rollouts', (policy) => {
    const summary = summaries.find((s) => s.policy === policy)!;
    expect(summary.runs).toBe(SEEDS);
    expect(summary.rollbacks).toBeLessThanOrEqual(allowance);
  });

  it('while a success-rate threshold at the error rate, Flagger-style, rolls most of them back', () => {
    const flagger = summaries.find((s) => s.policy.startsWith('Flagger'))!;
    expect(flagger.rollbackRate).toBeGreaterThan(0.5);
  });
});

describe('the latency comparison does not invent regressions either', () => {
  it('canary = stable with latency recorded, tolerance 10%, checked every 10 s', () => {
    const seeds = 40;
    const [summary] = simulateMany({
      scenario: SCENARIOS.sameLatency,
      seeds,
      firstSeed: 2000,
      policies: [latencyOnlyJudge()],
    });
    expect(summary!.rollbacks).toBeLessThanOrEqual(binomialAllowance(seeds, ALPHA));
  });
});
