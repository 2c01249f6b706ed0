import { describe, expect, it } from 'vitest';
import {
  argoPolicy,
  flaggerPolicy,
  judge,
  rampkitPolicy,
  resolveAnalysisSettings,
  SCENARIOS,
  simulateMany,
  type Verdict,
} from '../../packages/rollout/src/analysis/index.js';
import { createRandom } from '../../packages/rollout/src/analysis/simulation/random.js';
import { SimulatedTraffic } from '../../packages/rollout/src/analysis/simulation/traffic.js';

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
    const settings = resolveAnalysisSettings({ maxErrorRate: 0.02, maxLatencyMs: { p99: 500 } });
    const traffic = new SimulatedTraffic(SCENARIOS.lowTraffic, createRandom(42));
    let testState: Verdict['testState'];
    let last = 0;
    const before: string[] = [];
    const after: string[] = [];
    while (traffic.now < traffic.duration) {
      traffic.advance();
      const cumulative = traffic.arms(0);
      const verdict = judge({
        settings,
        cumulative,
        interval: traffic.arms(last),
        now: traffic.now * 1000,
        ...(testState === undefined ? {} : { testState }),
      });
      last = traffic.now;
      testState = verdict.testState;
      (cumulative.canary.requests < 200 ? before : after).push(verdict.status);
    }
    expect(before.length).toBeGreaterThan(600);
    expect(new Set(before)).toEqual(new Set(['inconclusive']));
    expect(after).not.toContain('fail');
  });
});
