import { describe, expect, it } from 'vitest';
import { baselineErrorRateEvidence } from './baseline-error-rate-test.js';
import { binomial, mulberry32 } from './test-random.test-helper.js';

/** Fraction of blue-green windows in which the canary is ever rejected, looking every 25 requests. */
function rejectionRate(options: {
  runs: number;
  seed: number;
  stableRate: number;
  canaryRate: number;
  baselineRequests: number;
  canaryRequests: number;
  alpha: number;
  margin?: number;
}): number {
  const next = mulberry32(options.seed);
  const boundary = Math.log(2 / options.alpha);
  let rejected = 0;
  for (let run = 0; run < options.runs; run++) {
    const baseline = {
      requests: options.baselineRequests,
      errors: binomial(next, options.baselineRequests, options.stableRate),
    };
    const canary = { requests: 0, errors: 0 };
    while (canary.requests < options.canaryRequests) {
      canary.requests += 25;
      canary.errors += binomial(next, 25, options.canaryRate);
      const { logEValue } = baselineErrorRateEvidence(canary, baseline, {
        margin: options.margin ?? 0,
        alpha: options.alpha,
      });
      if (logEValue >= boundary) {
        rejected += 1;
        break;
      }
    }
  }
  return rejected / options.runs;
}

describe('the canary-vs-baseline test keeps its type-I error under optional stopping', () => {
  it('canary = stable, small and large baselines, a look every 25 canary requests', () => {
    const common = { runs: 400, stableRate: 0.02, canaryRate: 0.02, canaryRequests: 4000, alpha: 0.05 };
    const bound = 0.05 + 3 * Math.sqrt((0.05 * 0.95) / 400);
    expect(rejectionRate({ ...common, seed: 1, baselineRequests: 500 })).toBeLessThanOrEqual(bound);
    expect(rejectionRate({ ...common, seed: 2, baselineRequests: 50_000 })).toBeLessThanOrEqual(bound);
  });

  it('a canary exactly at a 30% margin', () => {
    expect(
      rejectionRate({
        runs: 400,
        seed: 3,
        stableRate: 0.02,
        canaryRate: 0.026,
        baselineRequests: 20_000,
        canaryRequests: 4000,
        alpha: 0.05,
        margin: 0.3,
      }),
    ).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 400));
  });
});

describe('the canary-vs-baseline test detects regressions', () => {
  it('rejects a canary failing 3× as often as a 20,000-request baseline within 4,000 requests', () => {
    expect(
      rejectionRate({
        runs: 100,
        seed: 4,
        stableRate: 0.01,
        canaryRate: 0.03,
        baselineRequests: 20_000,
        canaryRequests: 4000,
        alpha: 0.01,
      }),
    ).toBeGreaterThan(0.95);
  });

  it('reports the bound on stable it tested against, and has no evidence without data', () => {
    const found = baselineErrorRateEvidence(
      { requests: 0, errors: 0 },
      { requests: 10_000, errors: 100 },
      {
        margin: 0.5,
        alpha: 0.01,
      },
    );
    expect(found.logEValue).toBe(0);
    expect(found.stableUpper).toBeGreaterThan(0.01);
    expect(found.stableUpper).toBeLessThan(0.0135);
    expect(found.nullRate).toBeCloseTo(1.5 * found.stableUpper, 12);
    const empty = baselineErrorRateEvidence(
      { requests: 100, errors: 100 },
      { requests: 0, errors: 0 },
      {
        margin: 0,
        alpha: 0.01,
      },
    );
    expect(empty).toEqual({ logEValue: 0, stableUpper: 1, nullRate: 1 });
  });
});
