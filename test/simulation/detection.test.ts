import { rampkitPolicy, SCENARIOS, simulateMany } from '@rampkit/rollout/simulation';
import { describe, expect, it } from 'vitest';
import { latencyOnlyJudge } from './latency-judge.js';

// The 30-minute plan 5% → 25% → 50% at 50 requests/s; stable fails 1% of requests.

describe('a canary with five times the error rate is caught within 600 canary requests', () => {
  const [everySecond, everyMinute] = simulateMany({
    scenario: SCENARIOS.errorRate5x,
    seeds: 40,
    firstSeed: 3000,
    policies: [rampkitPolicy({ intervalSeconds: 1 }), rampkitPolicy({ intervalSeconds: 60 })],
  });

  it('checked every second: every rollout rolled back, median ≤ 600 canary requests', () => {
    expect(everySecond!.rollbacks).toBe(40);
    expect(everySecond!.medianCanaryRequests).toBeLessThanOrEqual(600);
  });

  it('checked every minute: caught as surely, a few checks later', () => {
    expect(everyMinute!.rollbacks).toBe(40);
    expect(everyMinute!.medianSeconds).toBeLessThanOrEqual(everySecond!.medianSeconds + 3 * 60);
  });
});

describe('a canary with twice the error rate is caught within 6,000 canary requests', () => {
  it('checked every second: median ≤ 6,000 canary requests, nearly all within the plan', () => {
    const [summary] = simulateMany({
      scenario: SCENARIOS.errorRate2x,
      seeds: 30,
      firstSeed: 4000,
      policies: [rampkitPolicy({ intervalSeconds: 1 })],
    });
    expect(summary!.medianCanaryRequests).toBeLessThanOrEqual(6000);
    expect(summary!.rollbackRate).toBeGreaterThanOrEqual(0.9);
  });
});

describe('a canary 30% slower at p95 is caught by the latency comparison', () => {
  it('with a 10% tolerance, checked every 10 s: every rollout rolled back before the plan ends', () => {
    const [summary] = simulateMany({
      scenario: SCENARIOS.latency30,
      seeds: 8,
      firstSeed: 5000,
      policies: [latencyOnlyJudge()],
    });
    expect(summary!.rollbacks).toBe(8);
    expect(summary!.p90CanaryRequests).toBeLessThan(6000);
  });
});
