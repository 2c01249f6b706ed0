import {
  argoPolicy,
  type PolicySummary,
  rampkitPolicy,
  SCENARIOS,
  simulateMany,
} from '@rampkit/rollout/simulation';
import { describe, expect, it } from 'vitest';
import { binomialAllowance } from './binomial-bound.js';
import { latencyOnlyJudge } from './latency-judge.js';

// Issue #19's scenarios in simulation: the 30-minute plan 5% → 25% → 50% at 50 requests/s, stable
// failing 1% of requests, each judge moving on a step only when its check lets it.

const ALPHA = 0.01;
const judges = [
  rampkitPolicy({ name: 'every 10s', intervalSeconds: 10 }),
  rampkitPolicy({ name: 'every 60s', intervalSeconds: 60 }),
];

/** Healthy canaries: false rollbacks within what α allows over `seeds` runs, every other run promoted. */
function expectPromotedButForAlpha(summary: PolicySummary | undefined, seeds: number): void {
  expect(summary!.rollbacks).toBeLessThanOrEqual(binomialAllowance(seeds, ALPHA));
  expect(summary!.promotions).toBe(seeds - summary!.rollbacks);
}

describe('no promotion without fresh evidence from both arms', () => {
  it.each([
    ['the canary stops reporting 12 minutes in', SCENARIOS.stoppedArm],
    ['all traffic stops 12 minutes in', SCENARIOS.stoppedTraffic],
  ])('when %s, no rollout is promoted: each is paused at the deadline', (_, scenario) => {
    const seeds = 30;
    const summaries = simulateMany({ scenario, seeds, firstSeed: 7000, policies: [...judges, argoPolicy()] });
    for (const summary of summaries.slice(0, 2)) {
      expect(summary.promotions).toBe(0);
      expect(summary.rollbacks).toBeLessThanOrEqual(binomialAllowance(seeds, ALPHA));
      expect(summary.pauses + summary.rollbacks).toBe(seeds);
    }
    // Argo's background analysis does not gate its steps: it promotes them.
    expect(summaries[2]!.promotions).toBeGreaterThan(seeds / 2);
  });
});

describe('noise both arms share is not blamed on the canary', () => {
  it("stable's metrics 30 s late through two error spikes on both arms: false rollbacks ≤ α", () => {
    const seeds = 100;
    const summaries = simulateMany({
      scenario: SCENARIOS.lateArmSpike,
      seeds,
      firstSeed: 8000,
      policies: judges,
    });
    for (const summary of summaries) expectPromotedButForAlpha(summary, seeds);
  });

  it('both arms slowing down late in the steps as the split moves: no latency regression found', () => {
    const seeds = 12;
    const [summary] = simulateMany({
      scenario: SCENARIOS.sharedSlowdown,
      seeds,
      firstSeed: 9000,
      policies: [latencyOnlyJudge()],
    });
    expectPromotedButForAlpha(summary, seeds);
  });
});

describe('a step of the wall clock neither stalls the analysis nor ends a hold', () => {
  it.each([
    ['back', SCENARIOS.clockBack],
    ['forward', SCENARIOS.clockForward],
  ])('an hour %s, 15 minutes in: healthy canaries are promoted', (_, scenario) => {
    const seeds = 30;
    const summaries = simulateMany({ scenario, seeds, firstSeed: 10_000, policies: judges });
    for (const summary of summaries) expectPromotedButForAlpha(summary, seeds);
  });

  it('a canary that goes from 1% to 20% errors right after a step back is rolled back within a minute', () => {
    const seeds = 30;
    const summaries = simulateMany({
      scenario: SCENARIOS.clockBackBadCanary,
      seeds,
      firstSeed: 11_000,
      policies: judges,
    });
    for (const summary of summaries) {
      expect(summary.rollbacks).toBe(seeds);
      expect(summary.medianSeconds - SCENARIOS.clockBackBadCanary.canaryChange.at).toBeLessThanOrEqual(60);
    }
  });
});
