import { describe, expect, it } from 'vitest';
import { arm, input, judgeStrata, NOW, spread } from './arm-metrics.test-helper.js';
import { judge } from './judge.js';
import { resolveAnalysisSettings } from './settings.js';
import type { CheckResult, Verdict } from './types.js';

const check = (verdict: Verdict, name: CheckResult['name']): CheckResult => {
  const found = verdict.checks.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no ${name} check in ${JSON.stringify(verdict.checks)}`);
  return found;
};

const healthy = {
  stable: arm('stable', 20_000, 200, spread(20_000, 20, 120)),
  canary: arm('canary', 2_000, 20, spread(2_000, 20, 120)),
};

describe('minimum samples: too little data holds, it never fails', () => {
  it('is inconclusive without any traffic, every comparison skipped', () => {
    const verdict = judge(input(arm('stable', 0, 0), arm('canary', 0, 0)));
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.critical).toBe(false);
    expect(check(verdict, 'minSamples')).toMatchObject({
      status: 'inconclusive',
      observed: 0,
      threshold: 200,
    });
    const comparisons = verdict.checks.filter((c) => !['minSamples', 'freshness'].includes(c.name));
    expect(comparisons.every((c) => c.status === 'skipped')).toBe(true);
  });

  it('holds even a canary failing every request until both arms have minRequests', () => {
    const settings = resolveAnalysisSettings({
      maxErrorRate: 0.01,
      critical: ['errorRate', 'compareErrorRate'],
    });
    const verdict = judge(input(arm('stable', 5_000, 50), arm('canary', 150, 150), { settings }));
    expect(verdict.status).toBe('inconclusive');
    expect(check(verdict, 'minSamples').detail).toBe(
      'waiting for 200 requests on each arm at this step (stable 5,000, canary 150 requests at this step)',
    );
  });

  it('passes once both arms have enough, and the verdict passes when nothing is wrong', () => {
    // The second window: latency is compared against a stable quantile taken before it.
    const verdict = judgeStrata([healthy, healthy]).at(-1)!;
    expect(check(verdict, 'minSamples').status).toBe('pass');
    expect(verdict.status).toBe('pass');
    expect(verdict.checks.map((c) => c.name)).toEqual([
      'minSamples',
      'freshness',
      'compareErrorRate',
      'compareLatency',
    ]);
  });
});

describe('evidence belongs to a step: a pass needs data gathered at the step in force', () => {
  it('does not pass on what the canary did at earlier steps', () => {
    const verdict = judge(
      input(healthy.stable, healthy.canary, {
        step: { stable: arm('stable', 900, 9), canary: arm('canary', 12, 0) },
      }),
    );
    expect(verdict.status).toBe('inconclusive');
    expect(check(verdict, 'minSamples')).toMatchObject({ status: 'inconclusive', observed: 12 });
    expect(verdict.stepArms?.canary.requests).toBe(12);
    expect(verdict.arms.canary.requests).toBe(2_000);
  });

  it('still fails a bad canary on evidence from earlier steps: a bad canary stays bad', () => {
    const verdict = judge(
      input(arm('stable', 20_000, 200), arm('canary', 1_000, 50), {
        step: { stable: arm('stable', 900, 9), canary: arm('canary', 12, 0) },
      }),
    );
    expect(verdict).toMatchObject({ status: 'fail', critical: true });
  });
});

describe('comparisons: a pass needs a window both arms finished reporting', () => {
  it('is inconclusive while no window has been compared, though the totals look healthy', () => {
    const verdict = judge(input(healthy.stable, healthy.canary, { strata: [] }));
    expect(verdict.status).toBe('inconclusive');
    expect(check(verdict, 'compareErrorRate')).toMatchObject({ status: 'inconclusive' });
    expect(check(verdict, 'compareErrorRate').detail).toContain(
      'no window both arms have finished reporting yet',
    );
    expect(check(verdict, 'compareLatency')).toMatchObject({ status: 'inconclusive' });
  });

  it('passes once a compared window exists, from this tick or from the ones before', () => {
    const [first, second] = judgeStrata([healthy, healthy]);
    // Latency is compared against stable's quantile from earlier windows: the first sets it.
    expect(first!.status).toBe('inconclusive');
    expect(check(first!, 'compareErrorRate').status).toBe('pass');
    expect(check(first!, 'compareLatency').detail).toContain('no window compared yet');
    expect(second!.status).toBe('pass');
    const next = judge(
      input(healthy.stable, healthy.canary, {
        strata: [],
        testState: JSON.parse(JSON.stringify(second!.testState)),
      }),
    );
    expect(next.status).toBe('pass');
  });
});

describe('freshness: a pass needs both arms still reporting', () => {
  it('is inconclusive while the canary is silent, naming it and since when', () => {
    const verdict = judge(
      input(healthy.stable, healthy.canary, {
        freshness: { stable: NOW, canary: NOW - 95_000, staleAfterMs: 30_000 },
      }),
    );
    expect(verdict.status).toBe('inconclusive');
    expect(check(verdict, 'freshness')).toMatchObject({ status: 'inconclusive', observed: 95_000 });
    expect(check(verdict, 'freshness').detail).toBe(
      `stale: the canary silent since ${new Date(NOW - 95_000).toISOString()} (1m35s); a pass needs metrics from both arms within 30s`,
    );
  });

  it('names an arm that never reported', () => {
    const verdict = judge(
      input(healthy.stable, healthy.canary, {
        freshness: { stable: null, canary: NOW, staleAfterMs: 30_000 },
      }),
    );
    expect(check(verdict, 'freshness').detail).toContain(
      'stable has reported no metrics since the rollout began',
    );
  });

  it('passes within the limit, and asks only the canary to be fresh against a blue-green baseline', () => {
    const fresh = judge(
      input(healthy.stable, healthy.canary, {
        freshness: { stable: NOW - 20_000, canary: NOW - 5_000, staleAfterMs: 30_000 },
      }),
    );
    expect(check(fresh, 'freshness')).toMatchObject({ status: 'pass' });
    expect(check(fresh, 'freshness').detail).toBe(
      'fresh: metrics within 30s (stable 20s ago, canary 5s ago)',
    );
    const baseline = judge(
      input(arm('stable', 50_000, 500), arm('canary', 2_000, 20), {
        stableBaseline: true,
        freshness: { stable: null, canary: NOW, staleAfterMs: 30_000 },
      }),
    );
    expect(check(baseline, 'freshness').status).toBe('pass');
  });
});

describe('absolute error-rate limit on the latest interval', () => {
  const settings = resolveAnalysisSettings({ maxErrorRate: 0.02 });
  const run = (requests: number, errors: number) =>
    check(
      judge(
        input(healthy.stable, healthy.canary, {
          settings,
          interval: { stable: arm('stable', 1000, 10), canary: arm('canary', requests, errors) },
        }),
      ),
      'errorRate',
    );

  it('does not fail 1 error in 3 requests against a 2% limit', () => {
    const result = run(3, 1);
    expect(result.status).toBe('pass');
    expect(result.observed).toBeCloseTo(1 / 3, 10);
  });

  it('fails an error rate clearly over the limit, saying by how much', () => {
    const result = run(400, 40);
    expect(result).toMatchObject({ status: 'fail', observed: 0.1, threshold: 0.02, boundary: 0.01 });
    expect(result.statistic).toBeLessThan(0.01);
    expect(result.detail).toMatch(
      /^canary error rate 10% \(40\/400\) in this interval is above the limit 2%: at least 6\.\d+% with 99% confidence$/,
    );
  });

  it('skips an interval without canary requests', () => {
    expect(run(0, 0).status).toBe('skipped');
  });
});

describe('absolute latency limits on the latest interval', () => {
  const settings = resolveAnalysisSettings({ maxLatencyMs: { p99: 500, p50: 400 } });
  const run = (latencies: number[]) =>
    check(
      judge(
        input(healthy.stable, healthy.canary, {
          settings,
          interval: { stable: healthy.stable, canary: arm('canary', latencies.length, 0, latencies) },
        }),
      ),
      'latency',
    );

  it('does not fail a p99 on one slow request in three', () => {
    expect(run([40, 50, 900]).status).toBe('pass');
  });

  it('fails when a quantile is over its limit with confidence, naming it', () => {
    const result = run(spread(1000, 50, 700));
    expect(result.status).toBe('fail');
    expect(result.threshold).toBe(500);
    expect(result.detail).toContain('canary p99 above the limit');
    expect(result.detail).toContain('p50 ');
  });

  it('skips an interval without latency samples', () => {
    expect(run([]).status).toBe('skipped');
  });
});

describe('canary vs stable error rate: the sequential test', () => {
  it('fails a canary at 5% against stable at 1%, with the evidence and the boundary', () => {
    const verdict = judge(input(arm('stable', 20_000, 200), arm('canary', 1_000, 50)));
    const result = check(verdict, 'compareErrorRate');
    expect(result.status).toBe('fail');
    expect(result.boundary).toBe(100);
    expect(result.statistic).toBeGreaterThan(100);
    expect(result.observed).toBe(0.05);
    expect(result.threshold).toBe(0.01);
    expect(result.detail).toMatch(
      /^canary 5% \(50\/1,000\) vs stable 1% \(200\/20,000\): evidence \S+ ≥ 100 \(1\/α\) that the canary's error rate is above stable's; compared window by window over the same time \(canary 50\/1,000, stable 200\/20,000 in 1 window\)$/,
    );
    expect(verdict.status).toBe('fail');
  });

  it("compares the arms window by window: an error spike both arms share is not the canary's", () => {
    // 5% canary for 30 windows at 1% errors, then one window at 50% in which both arms fail 30%.
    const quiet = { stable: arm('stable', 950, 10), canary: arm('canary', 50, 1) };
    const spike = { stable: arm('stable', 500, 150), canary: arm('canary', 500, 150) };
    const verdicts = judgeStrata([...Array(30).fill(quiet), spike]);
    expect(verdicts.map((v) => check(v, 'compareErrorRate').status)).not.toContain('fail');
    const last = verdicts.at(-1)!;
    expect(last.testState?.windows).toBe(31);
    expect(last.testState?.through).toBe(NOW - 10_000);
    // Pooled, the same totals read as a canary failing more than three times as often as stable.
    expect(last.arms.canary.errorRate / last.arms.stable.errorRate).toBeGreaterThan(3);
  });

  it('passes a canary as good as stable', () => {
    expect(check(judge(input(healthy.stable, healthy.canary)), 'compareErrorRate').status).toBe('pass');
  });

  it('tolerates a canary within a relative margin', () => {
    const stable = arm('stable', 200_000, 2_000);
    const canary = arm('canary', 20_000, 300);
    expect(check(judge(input(stable, canary)), 'compareErrorRate').status).toBe('fail');
    const settings = resolveAnalysisSettings({ compareErrorRate: { margin: 0.6 } });
    const result = check(judge(input(stable, canary, { settings })), 'compareErrorRate');
    expect(result.status).toBe('pass');
    expect(result.threshold).toBeCloseTo(0.016, 12);
    expect(result.detail).toContain('more than 60% above stable');
  });

  it('carries its evidence in testState, which survives JSON and keeps a crossing final', () => {
    // Ten windows of a bad canary, then ten of a good one: the rejection stays.
    const windows = Array.from({ length: 20 }, (_, i) => ({
      stable: arm('stable', 1900, 19),
      canary: arm('canary', 100, i < 10 ? 6 : 0),
    }));
    const statuses = judgeStrata(windows).map((verdict) => check(verdict, 'compareErrorRate').status);
    expect(statuses.slice(0, 2)).toEqual(['skipped', 'fail']);
    expect(statuses.slice(10)).toEqual(Array(10).fill('fail'));
  });

  it('is critical when listed in settings.critical, as it is by default', () => {
    const verdict = judge(input(arm('stable', 20_000, 200), arm('canary', 1_000, 50)));
    expect(verdict.critical).toBe(true);
    const settings = resolveAnalysisSettings({ critical: [] });
    const notCritical = judge(input(arm('stable', 20_000, 200), arm('canary', 1_000, 50), { settings }));
    expect(notCritical.critical).toBe(false);
  });

  it('judges a blue-green canary against a bound on the baseline, at 2/α', () => {
    const baseline = arm('stable', 50_000, 500);
    const bad = judge(input(baseline, arm('canary', 2_000, 60), { stableBaseline: true }));
    const result = check(bad, 'compareErrorRate');
    expect(result).toMatchObject({ status: 'fail', boundary: 200 });
    expect(result.detail).toContain('vs stable baseline 1%');
    expect(result.detail).toContain("stable's baseline rate is at most 1.1");
    expect(bad.testState?.baselineErrorRate?.maxLogEValue).toBeGreaterThan(Math.log(200));
    const fine = judge(input(baseline, arm('canary', 2_000, 20), { stableBaseline: true }));
    expect(check(fine, 'compareErrorRate').status).toBe('pass');
  });

  it('can be disabled', () => {
    const settings = resolveAnalysisSettings({ compareErrorRate: { enabled: false } });
    const verdict = judge(input(arm('stable', 20_000, 200), arm('canary', 1_000, 50), { settings }));
    expect(verdict.checks.some((c) => c.name === 'compareErrorRate')).toBe(false);
    expect(verdict.testState?.errorRate).toBeUndefined();
  });
});

describe('canary vs stable latency, window by window', () => {
  const windowOf = (stableMs: [number, number], canaryMs: [number, number], canaryShare = 0.1) => ({
    stable: arm('stable', 2_000 * (1 - canaryShare), 0, spread(2_000 * (1 - canaryShare), ...stableMs)),
    canary: arm('canary', 2_000 * canaryShare, 0, spread(2_000 * canaryShare, ...canaryMs)),
  });

  it('waits for compareLatency.minRequests samples on each arm', () => {
    const verdict = judge(input(healthy.stable, arm('canary', 300, 3, spread(300, 20, 120))));
    expect(check(verdict, 'compareLatency')).toMatchObject({ status: 'inconclusive' });
    expect(verdict.status).toBe('inconclusive');
  });

  it('is skipped when an arm records no latency at all', () => {
    const verdict = judge(input(arm('stable', 5000, 50), arm('canary', 1000, 10)));
    expect(check(verdict, 'compareLatency').status).toBe('skipped');
    expect(verdict.status).toBe('pass');
  });

  it('fails a canary 60% slower than stable beyond a 30% tolerance, saying what it compared', () => {
    const verdicts = judgeStrata(Array(12).fill(windowOf([20, 120], [32, 192])));
    const result = check(verdicts.at(-1)!, 'compareLatency');
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(
      /^canary requests slower than \S+ ms \(stable's p95 \S+ ms \+ 30%\): \S+% of [\d,]+, stable's slower than \S+ ms: \S+% of [\d,]+, window by window over 12 windows: evidence \S+ ≥ 100 \(1\/α\) that the canary's p95 is more than 30% above stable's/,
    );
    expect(result.statistic!).toBeGreaterThan(result.boundary!);
  });

  it('passes a canary 10% slower against a 30% tolerance', () => {
    const verdicts = judgeStrata(Array(12).fill(windowOf([20, 120], [22, 132])));
    expect(verdicts.map((v) => check(v, 'compareLatency').status)).not.toContain('fail');
    expect(verdicts.at(-1)!.status).toBe('pass');
  });

  it('does not blame the canary for a slowdown both arms share while the split moves', () => {
    // 5% canary while fast, then the split goes to 50% just as both arms slow down threefold.
    const fast = windowOf([20, 120], [20, 120], 0.05);
    const slow = windowOf([60, 360], [60, 360], 0.5);
    const verdicts = judgeStrata([...Array(30).fill(fast), ...Array(3).fill(slow)]);
    expect(verdicts.map((v) => check(v, 'compareLatency').status)).not.toContain('fail');
    // Pooled, the canary's p95 is far above stable's.
    const last = verdicts.at(-1)!;
    expect(last.arms.canary.p95 / last.arms.stable.p95).toBeGreaterThan(2);
  });

  it('judges a blue-green canary against time-uniform bounds on the baseline', () => {
    const baseline = arm('stable', 20_000, 200, spread(20_000, 20, 120));
    const slow = judge(
      input(baseline, arm('canary', 3_000, 30, spread(3_000, 32, 192)), { stableBaseline: true }),
    );
    expect(check(slow, 'compareLatency').status).toBe('fail');
    expect(check(slow, 'compareLatency').detail).toContain('vs stable baseline');
    const fine = judge(
      input(baseline, arm('canary', 3_000, 30, spread(3_000, 22, 132)), { stableBaseline: true }),
    );
    expect(check(fine, 'compareLatency').status).toBe('pass');
  });
});

describe('the verdict records its inputs', () => {
  it('snapshots both arms and the time', () => {
    const verdict = judge(input(healthy.stable, healthy.canary));
    expect(verdict.at).toBe(1_700_000_000_000);
    expect(verdict.arms.canary).toEqual({
      requests: 2000,
      errors: 20,
      errorRate: 0.01,
      p50: healthy.canary.p50,
      p95: healthy.canary.p95,
      p99: healthy.canary.p99,
    });
    for (const c of verdict.checks) expect(c.detail.length).toBeGreaterThan(20);
  });

  it('is a pure function of its input', () => {
    const a = judge(input(healthy.stable, healthy.canary));
    const b = judge(input(healthy.stable, healthy.canary));
    expect(a).toEqual(b);
  });
});
