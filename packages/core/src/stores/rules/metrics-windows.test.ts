import { describe, expect, it } from 'vitest';
import { metricsWindow } from '../../metrics/metrics-window.test-helper.js';
import type { MetricsWindow } from '../../metrics/types.js';
import { addMetricsWindows, metricsWindowsIn } from './metrics-windows.js';

function report(
  variation: string,
  windowStart: number,
  requests: number,
  latencyMs: number[] = [],
): MetricsWindow {
  const ids = { instanceId: `i-${requests}`, writeId: `w-${requests}` };
  return metricsWindow(variation, { windowStart, requests, ...ids }, latencyMs);
}

const HOUR = 3_600_000;

describe('stores keep one window per (flag, variation, windowStart)', () => {
  it('sums reports of the same window from several instances and flushes', () => {
    const once = addMetricsWindows([], [report('canary', 0, 10, [5]), report('canary', 0, 30, [9])], 0, HOUR);
    const twice = addMetricsWindows(once, [report('canary', 0, 2, [1])], 0, HOUR);
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({ requests: 42, latency: { count: 3, min: 1, max: 9 } });
  });

  it('keeps variations, window starts and flags apart', () => {
    const other = { ...report('canary', 0, 1), flagKey: 'search' };
    const stored = addMetricsWindows(
      [],
      [report('canary', 0, 1), report('stable', 0, 1), report('canary', 10_000, 1), other],
      10_000,
      HOUR,
    );
    expect(stored).toHaveLength(4);
  });

  it('stores no instance or write id: a sum belongs to no single report', () => {
    const [stored] = addMetricsWindows([], [report('canary', 0, 1)], 0, HOUR);
    expect(stored).not.toHaveProperty('instanceId');
    expect(stored).not.toHaveProperty('writeId');
  });

  it('changes neither the stored list nor the reports it is given', () => {
    const incoming = [report('canary', 0, 1, [3])];
    const before = addMetricsWindows([], incoming, 0, HOUR);
    const snapshot = structuredClone(before);
    addMetricsWindows(before, [report('canary', 0, 5, [7])], 0, HOUR);
    expect(before).toEqual(snapshot);
    expect(incoming[0]).toMatchObject({ requests: 1, instanceId: 'i-1' });
  });
});

describe('windows older than the analysis horizon are dropped on the next write', () => {
  it('drops a window that started before now − retention, stored or incoming, and keeps the rest', () => {
    const stored = addMetricsWindows(
      [],
      [report('canary', 0, 1), report('canary', 60_000, 1)],
      60_000,
      60_000,
    );
    const later = addMetricsWindows(
      stored,
      [report('stable', 0, 1), report('stable', 70_000, 1)],
      70_000,
      60_000,
    );
    expect(later.map((w) => [w.variation, w.windowStart])).toEqual([
      ['canary', 60_000],
      ['stable', 70_000],
    ]);
  });

  it('keeps at most (horizon / window length) windows per arm, however many flushes', () => {
    let stored: MetricsWindow[] = [];
    for (let start = 0; start < 2 * HOUR; start += 10_000) {
      for (let flush = 0; flush < 3; flush++) {
        stored = addMetricsWindows(
          stored,
          [report('canary', start, 1), report('stable', start, 1)],
          start,
          HOUR,
        );
      }
    }
    expect(stored).toHaveLength(2 * (HOUR / 10_000 + 1));
  });
});

describe('reading windows', () => {
  it('returns the flag’s windows that start in [from, to)', () => {
    const stored = addMetricsWindows(
      [],
      [
        report('canary', 0, 1),
        report('canary', 10_000, 2),
        report('canary', 20_000, 3),
        { ...report('x', 10_000, 9), flagKey: 'search' },
      ],
      20_000,
      HOUR,
    );
    expect(
      metricsWindowsIn(stored, { flagKey: 'checkout', from: 10_000, to: 20_000 }).map((w) => w.requests),
    ).toEqual([2]);
  });
});
