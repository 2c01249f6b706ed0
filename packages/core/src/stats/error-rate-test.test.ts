import { describe, expect, it } from 'vitest';
import {
  type ArmCounts,
  type ErrorRateTestState,
  foldErrorRateStratum,
  startErrorRateTest,
  updateErrorRateTest,
} from './error-rate-test.js';
import { binomial, mulberry32 } from './test-random.test-helper.js';

interface Interval {
  /** Canary share of the interval's requests. */
  share: number;
  requests: number;
  stableRate: number;
  canaryRate: number;
}

/**
 * Runs one rollout interval by interval, looking after every interval (optional stopping at every
 * step), and returns the interval at which the e-value first reached 1/alpha, or -1.
 */
function firstRejection(
  next: () => number,
  intervals: readonly Interval[],
  alpha: number,
  margin = 0,
  poisson = false,
): number {
  const canary: ArmCounts = { requests: 0, errors: 0 };
  const stable: ArmCounts = { requests: 0, errors: 0 };
  let state: ErrorRateTestState | undefined;
  for (const [i, interval] of intervals.entries()) {
    const canaryRequests = binomial(next, interval.requests, interval.share);
    const stableRequests = interval.requests - canaryRequests;
    canary.requests += canaryRequests;
    stable.requests += stableRequests;
    if (poisson) {
      // Rare errors: conditionally on the total, the canary's count is binomial with its share.
      const total = binomial(next, interval.requests, interval.stableRate);
      const theta =
        (canaryRequests * interval.canaryRate) /
        (canaryRequests * interval.canaryRate + stableRequests * interval.stableRate || 1);
      const canaryErrors = binomial(next, total, theta);
      canary.errors += canaryErrors;
      stable.errors += total - canaryErrors;
    } else {
      canary.errors += binomial(next, canaryRequests, interval.canaryRate);
      stable.errors += binomial(next, stableRequests, interval.stableRate);
    }
    state = updateErrorRateTest(state, { canary: { ...canary }, stable: { ...stable } }, margin);
    if (state.logEValue >= Math.log(1 / alpha)) return i;
  }
  return -1;
}

/** A rollout of 5% → 25% → 50% over 300 looks, with a shared error rate that drifts from 0.5% to 8%. */
function drifting(canaryFactor: number, requests = 30): Interval[] {
  return Array.from({ length: 300 }, (_, i) => {
    const stableRate = 0.005 + 0.075 * (0.5 + 0.5 * Math.sin(i / 20));
    return {
      share: i < 100 ? 0.05 : i < 200 ? 0.25 : 0.5,
      requests,
      stableRate,
      canaryRate: Math.min(1, stableRate * canaryFactor),
    };
  });
}

function rejectionRate(
  runs: number,
  seed: number,
  make: () => Interval[],
  alpha: number,
  margin = 0,
  poisson = false,
) {
  const next = mulberry32(seed);
  let rejected = 0;
  for (let run = 0; run < runs; run++)
    if (firstRejection(next, make(), alpha, margin, poisson) >= 0) rejected += 1;
  return rejected / runs;
}

describe('the sequential error-rate test keeps its type-I error under optional stopping', () => {
  // alpha = 0.05 so that 600 runs can see a violation: the bound is alpha plus three standard errors.
  const alpha = 0.05;
  const tolerance = alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / 600);

  it('canary = stable, traffic split changing 5% → 25% → 50%, shared error rate drifting, a look after every interval', () => {
    expect(rejectionRate(600, 1, () => drifting(1), alpha)).toBeLessThanOrEqual(tolerance);
  });

  it('canary better than stable (the composite null)', () => {
    expect(rejectionRate(300, 2, () => drifting(0.7), alpha)).toBeLessThanOrEqual(alpha);
  });

  it('a canary exactly at the margin (20% worse, margin 0.2) under the rare-error model', () => {
    expect(rejectionRate(600, 3, () => drifting(1.2), alpha, 0.2, true)).toBeLessThanOrEqual(tolerance);
  });

  it('looking at every single request is no worse than looking rarely', () => {
    const everyRequest = () =>
      Array.from({ length: 3000 }, () => ({ share: 0.2, requests: 1, stableRate: 0.05, canaryRate: 0.05 }));
    expect(rejectionRate(400, 4, everyRequest, alpha)).toBeLessThanOrEqual(
      alpha + 3 * Math.sqrt((alpha * 0.95) / 400),
    );
  });
});

describe('the sequential error-rate test detects real regressions', () => {
  it('rejects a canary failing twice as often, and one failing 20% more only with a margin below 20%', () => {
    expect(rejectionRate(200, 5, () => drifting(2, 200), 0.01)).toBeGreaterThan(0.95);
    expect(rejectionRate(100, 6, () => drifting(1.5, 400), 0.01, 0)).toBeGreaterThan(0.8);
    expect(rejectionRate(100, 6, () => drifting(1.5, 400), 0.01, 0.6)).toBeLessThan(0.05);
  });
});

describe('the test state is a pure, serialisable function of the cumulative totals', () => {
  const totals = (cr: number, ce: number, sr: number, se: number) => ({
    canary: { requests: cr, errors: ce },
    stable: { requests: sr, errors: se },
  });

  it('starts at e-value 1 and moves only on intervals with errors and traffic on both arms', () => {
    const start = startErrorRateTest(0);
    expect(start.logEValue).toBe(0);
    expect(updateErrorRateTest(start, totals(0, 0, 0, 0), 0).logEValue).toBe(0);
    expect(updateErrorRateTest(start, totals(500, 0, 9500, 0), 0).logEValue).toBe(0);
    // Canary alone: all errors are the canary's by necessity, which is no evidence.
    expect(updateErrorRateTest(start, totals(100, 100, 0, 0), 0).logEValue).toBe(0);
    const some = updateErrorRateTest(start, totals(100, 10, 900, 10), 0);
    expect(some.logEValue).toBeGreaterThan(0);
  });

  it('defers an interval without stable traffic and judges it with the next one', () => {
    const first = updateErrorRateTest(undefined, totals(100, 5, 1900, 19), 0);
    const canaryOnly = updateErrorRateTest(first, totals(103, 7, 1900, 19), 0);
    expect(canaryOnly).toEqual(first);
    const both = updateErrorRateTest(canaryOnly, totals(110, 8, 2000, 20), 0);
    expect(both.seen.canary).toEqual({ requests: 110, errors: 8 });
    expect(both.logEValue).toBeGreaterThan(first.logEValue);
  });

  it('ignores a repeated look at the same totals', () => {
    const once = updateErrorRateTest(undefined, totals(200, 12, 1800, 20), 0);
    const twice = updateErrorRateTest(once, totals(200, 12, 1800, 20), 0);
    expect(twice).toEqual(once);
  });

  it('takes totals that went backwards as a new baseline without evidence', () => {
    const before = updateErrorRateTest(undefined, totals(200, 12, 1800, 20), 0);
    const after = updateErrorRateTest(before, totals(150, 10, 1700, 19), 0);
    expect(after.logLikelihoodRatios).toEqual(before.logLikelihoodRatios);
    expect(after.seen).toEqual({
      canary: { requests: 150, errors: 10 },
      stable: { requests: 1700, errors: 19 },
    });
  });

  it('restarts when the margin changes or the state is not one it wrote', () => {
    const state = updateErrorRateTest(undefined, totals(200, 12, 1800, 20), 0);
    const other = updateErrorRateTest(state, totals(200, 12, 1800, 20), 0.5);
    expect(other.margin).toBe(0.5);
    expect(other.logEValue).toBeLessThan(state.logEValue);
    const corrupt = { ...state, logLikelihoodRatios: [1, 2] };
    expect(updateErrorRateTest(corrupt, totals(200, 12, 1800, 20), 0)).toEqual(state);
  });

  it('survives a JSON round trip unchanged', () => {
    let state: ErrorRateTestState | undefined;
    for (let i = 1; i <= 20; i++)
      state = updateErrorRateTest(state, totals(50 * i, 3 * i, 950 * i, 9 * i), 0);
    const copy = JSON.parse(JSON.stringify(state)) as ErrorRateTestState;
    expect(updateErrorRateTest(copy, totals(1100, 70, 20000, 190), 0)).toEqual(
      updateErrorRateTest(state, totals(1100, 70, 20000, 190), 0),
    );
  });

  it('handles all-error arms and billions of requests without NaN or overflow', () => {
    const allErrors = updateErrorRateTest(undefined, totals(1000, 1000, 1000, 1000), 0);
    expect(Number.isFinite(allErrors.logEValue)).toBe(true);
    const huge = updateErrorRateTest(undefined, totals(2e9, 4e7, 8e9, 8e7), 0);
    expect(Number.isFinite(huge.logEValue)).toBe(true);
    expect(huge.logEValue).toBeGreaterThan(1e5);
    const better = updateErrorRateTest(undefined, totals(2e9, 1e7, 8e9, 8e7), 0);
    expect(Number.isFinite(better.logEValue)).toBe(true);
    expect(better.logEValue).toBeLessThan(0);
  });

  it('cleans counts it cannot trust', () => {
    const state = updateErrorRateTest(undefined, totals(Number.NaN, 5, -3, 1), 0);
    expect(state.seen).toEqual({ canary: { requests: 0, errors: 0 }, stable: { requests: 0, errors: 0 } });
    const errorsAboveRequests = updateErrorRateTest(undefined, totals(10, 50, 100, 1), 0);
    expect(errorsAboveRequests.seen.canary).toEqual({ requests: 10, errors: 10 });
  });
});

describe('strata: each arm over the same stretch of time is a piece of evidence of its own', () => {
  const stratum = (cr: number, ce: number, sr: number, se: number) => ({
    canary: { requests: cr, errors: ce },
    stable: { requests: sr, errors: se },
  });

  it('folding strata one by one equals looking after each of them', () => {
    const strata = [stratum(50, 1, 950, 9), stratum(250, 4, 750, 6), stratum(500, 9, 500, 2)];
    let folded: ErrorRateTestState | undefined;
    let looked: ErrorRateTestState | undefined;
    const sum = stratum(0, 0, 0, 0);
    for (const s of strata) {
      folded = foldErrorRateStratum(folded, s, 0);
      sum.canary.requests += s.canary.requests;
      sum.canary.errors += s.canary.errors;
      sum.stable.requests += s.stable.requests;
      sum.stable.errors += s.stable.errors;
      looked = updateErrorRateTest(looked, structuredClone(sum), 0);
    }
    expect(folded!.logEValue).toBeCloseTo(looked!.logEValue, 12);
    expect(folded!.seen).toEqual(sum);
  });

  it('a shared spike in one window does not count against the canary, whatever the split', () => {
    // 5% canary, then 50%; the spike (30% errors on both arms) lands in the 50% window only.
    let state: ErrorRateTestState | undefined;
    for (let i = 0; i < 30; i++) state = foldErrorRateStratum(state, stratum(50, 1, 950, 10), 0);
    state = foldErrorRateStratum(state, stratum(500, 150, 500, 150), 0);
    expect(state!.maxLogEValue).toBeLessThan(Math.log(100));
    // Pooled, the same counts look like a canary failing six times as often as stable.
    const pooled = updateErrorRateTest(
      undefined,
      stratum(30 * 50 + 500, 30 + 150, 30 * 950 + 500, 300 + 150),
      0,
    );
    expect(pooled.maxLogEValue).toBeGreaterThan(Math.log(100));
  });

  it('a stratum in which an arm served nothing carries no evidence but is counted as seen', () => {
    const state = foldErrorRateStratum(undefined, stratum(40, 40, 0, 0), 0);
    expect(state.logEValue).toBe(0);
    expect(state.seen.canary).toEqual({ requests: 40, errors: 40 });
  });
});
