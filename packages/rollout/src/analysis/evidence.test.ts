import { emptyHistogramData, type MetricsWindow } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import { type EvidenceQuery, gatherEvidence, SETTLE_MS } from './evidence.js';

const WINDOW = 10_000;
const T0 = 1_700_000_000_000;

function window(variation: string, index: number, requests: number, errors = 0): MetricsWindow {
  return {
    flagKey: 'checkout',
    variation,
    windowStart: T0 + index * WINDOW,
    windowMs: WINDOW,
    requests,
    errors,
    aborted: 0,
    latency: emptyHistogramData(),
  };
}

function query(now: number, overrides: Partial<EvidenceQuery> = {}): EvidenceQuery {
  return {
    stable: 'stable',
    canary: 'canary',
    since: T0,
    stepSince: T0,
    intervalFrom: now - WINDOW,
    now,
    through: T0,
    staleAfterMs: 30_000,
    ...overrides,
  };
}

/** Windows 0..last of 100 stable and 10 canary requests each. */
function both(last: number): MetricsWindow[] {
  const windows: MetricsWindow[] = [];
  for (let i = 0; i <= last; i++) windows.push(window('stable', i, 100), window('canary', i, 10));
  return windows;
}

describe("a step's evidence is what the comparisons can see", () => {
  it('counts only windows settled and reported past by both arms, as the strata do', () => {
    // Windows 0..9 reported; at 10 windows + SETTLE_MS, window 8 is settled, and both arms have
    // reported window 9 after it: windows 0..8 count, window 9 waits.
    const now = T0 + 10 * WINDOW + SETTLE_MS;
    const evidence = gatherEvidence(both(9), query(now));
    expect(evidence.strata.map((s) => (s.from - T0) / WINDOW)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(evidence.step.stable.requests).toBe(900);
    expect(evidence.step.canary.requests).toBe(90);
    // The cumulative evidence (which may roll back, never promote) still holds every window.
    expect(evidence.cumulative.canary.requests).toBe(100);
  });

  it('does not count a burst of canary windows stable has not reported past', () => {
    // Stable's reports lag: it has reported windows 0..3, the canary 0..9.
    const windows = [...both(3), ...[4, 5, 6, 7, 8, 9].map((i) => window('canary', i, 500, 250))];
    const now = T0 + 20 * WINDOW;
    const evidence = gatherEvidence(windows, query(now));
    expect(evidence.step.canary.requests).toBe(30);
    expect(evidence.step.stable.requests).toBe(300);
    expect(evidence.strata).toHaveLength(3);
  });

  it('counts the windows of the arms that report at the step (blue-green: the canary alone)', () => {
    const windows = [0, 1, 2, 3].map((i) => window('canary', i, 50));
    const now = T0 + 10 * WINDOW;
    const evidence = gatherEvidence(windows, query(now));
    expect(evidence.step.canary.requests).toBe(150);
    expect(evidence.step.stable.requests).toBe(0);
  });

  it('leaves out windows from before the step, however settled', () => {
    const now = T0 + 10 * WINDOW + SETTLE_MS;
    const evidence = gatherEvidence(both(9), query(now, { stepSince: T0 + 5 * WINDOW }));
    expect(evidence.step.canary.requests).toBe(40);
  });
});
