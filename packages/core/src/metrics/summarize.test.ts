import { describe, expect, it } from 'vitest';
import { emptyHistogramData, LatencyHistogram } from './histogram.js';
import { metricsWindow } from './metrics-window.test-helper.js';
import { summarizeArms, toArmMetrics } from './summarize.js';
import type { MetricsWindow } from './types.js';

function window(
  variation: string,
  counts: { requests: number; errors?: number; aborted?: number },
  latencies: readonly number[],
  extra: Partial<MetricsWindow> = {},
): MetricsWindow {
  return metricsWindow(variation, { ...counts, ...extra }, latencies);
}

describe('readers sum windows across instances and windows, per variation', () => {
  const windows = [
    window('stable', { requests: 100, errors: 2 }, [10, 12, 14], { instanceId: 'a' }),
    window('stable', { requests: 50, errors: 1, aborted: 3 }, [11, 900], { instanceId: 'b' }),
    window('stable', { requests: 10 }, [13], { instanceId: 'a', windowStart: 10_000 }),
    window('canary', { requests: 20, errors: 4 }, [30, 31], { instanceId: 'b' }),
  ];

  it('adds requests, errors and aborted requests', () => {
    const [canary, stable] = summarizeArms(windows);
    expect(stable).toMatchObject({ variation: 'stable', requests: 160, errors: 3, aborted: 3 });
    expect(canary).toMatchObject({ variation: 'canary', requests: 20, errors: 4, aborted: 0 });
  });

  it('error rate is errors / requests', () => {
    const [canary, stable] = summarizeArms(windows);
    expect(stable?.errorRate).toBeCloseTo(3 / 160, 12);
    expect(canary?.errorRate).toBeCloseTo(0.2, 12);
  });

  it('merges the latency histograms, and the quantiles come from the merged one', () => {
    const [, stable] = summarizeArms(windows);
    const all = new LatencyHistogram();
    for (const ms of [10, 12, 14, 11, 900, 13]) all.record(ms);
    expect(stable?.latency).toEqual(all.toData());
    expect(stable).toMatchObject({
      p50: all.quantile(0.5),
      p90: all.quantile(0.9),
      p95: all.quantile(0.95),
      p99: all.quantile(0.99),
    });
    expect(stable?.p99).toBe(900);
    expect(Math.abs((stable?.p50 ?? 0) - 12) / 12).toBeLessThanOrEqual(0.02);
  });

  it('is sorted by variation name in code-unit order', () => {
    const names = ['stable', 'canary', 'B', 'a', 'Ärm'];
    const arms = summarizeArms(names.map((name) => window(name, { requests: 1 }, [1])));
    expect(arms.map((arm) => arm.variation)).toEqual(['B', 'a', 'canary', 'stable', 'Ärm']);
  });

  it('accepts any iterable and returns nothing for no windows', () => {
    function* generate() {
      yield window('stable', { requests: 1 }, [5]);
      yield window('stable', { requests: 2 }, [6]);
    }
    expect(summarizeArms(generate())[0]?.requests).toBe(3);
    expect(summarizeArms([])).toEqual([]);
  });
});

describe('an arm without traffic has rate 0 and NaN quantiles', () => {
  it('from windows with no requests and no samples', () => {
    const [arm] = summarizeArms([window('canary', { requests: 0, aborted: 2 }, [])]);
    expect(arm).toMatchObject({ requests: 0, errors: 0, aborted: 2, errorRate: 0 });
    expect(arm?.latency).toEqual(emptyHistogramData());
    for (const p of [arm?.p50, arm?.p90, arm?.p95, arm?.p99]) expect(p).toBeNaN();
  });

  it('from totals', () => {
    const arm = toArmMetrics('canary', { requests: 0, errors: 0, aborted: 0, latency: emptyHistogramData() });
    expect(arm.errorRate).toBe(0);
    expect(arm.p50).toBeNaN();
  });
});
