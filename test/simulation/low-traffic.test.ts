import {
  argoPolicy,
  flaggerPolicy,
  rampkitPolicy,
  SCENARIOS,
  simulateMany,
  simulateRollout,
} from '@rampkit/rollout/simulation';
import { describe, expect, it } from 'vitest';

// One request per second in all, canary = stable at 1% errors: the canary sees about three
// requests a minute during the 5% step.

describe('low traffic is never a failure', () => {
  const [rampkit, flagger, argo] = simulateMany({
    scenario: SCENARIOS.lowTraffic,
    seeds: 200,
    firstSeed: 6000,
    policies: [rampkitPolicy({ intervalSeconds: 1 }), flaggerPolicy(), argoPolicy()],
  });

  it('Rampkit rolls back none of 200 rollouts and holds most checks as inconclusive', () => {
    expect(rampkit!.rollbacks).toBe(0);
    expect(rampkit!.inconclusiveShare).toBeGreaterThan(0.5);
  });

  it('while thresholds that count missing data as failure roll healthy canaries back', () => {
    expect(flagger!.rollbackRate).toBeGreaterThan(0.25);
    expect(argo!.rollbacks).toBeGreaterThanOrEqual(0);
  });
});

describe('the no-data policy: the judge is inconclusive until both arms have minRequests', () => {
  it('never fails and never passes before the canary has 200 requests, checked every second', () => {
    const before: string[] = [];
    const after: string[] = [];
    simulateRollout(
      SCENARIOS.lowTraffic,
      [
        rampkitPolicy({
          intervalSeconds: 1,
          settings: { maxErrorRate: 0.02, maxLatencyMs: { p99: 500 } },
          onVerdict: (verdict) => (verdict.arms.canary.requests < 200 ? before : after).push(verdict.status),
        }),
      ],
      42,
    );
    expect(before.length).toBeGreaterThan(600);
    expect(new Set(before)).toEqual(new Set(['inconclusive']));
    expect(after).not.toContain('fail');
  });
});
