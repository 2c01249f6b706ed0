import type { ExperimentDataBatch, UnitMetricIncrement } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_SCRIPT, splitByUnit } from './split-by-unit.js';

function increment(experimentKey: string, unit: string, metricKey: string): UnitMetricIncrement {
  return { experimentKey, unit, arm: 'a', metricKey, count: 1, sum: 1 };
}

/** Units 0..n-1 of two experiments, each exposed once and with `metrics` increments. */
function batchOf(units: number, metrics: number): ExperimentDataBatch {
  const exposures = [];
  const increments = [];
  for (let i = 0; i < units; i += 1) {
    const experimentKey = i % 2 === 0 ? 'exp' : 'other';
    exposures.push({ experimentKey, unit: `u${i}`, arm: 'a', exposedAt: i });
    for (let m = 0; m < metrics; m += 1) increments.push(increment(experimentKey, `u${i}`, `m${m}`));
  }
  return { writeId: 'w', exposures, increments };
}

const unitsOf = (part: { exposures: { experimentKey: string; unit: string }[] }) =>
  part.exposures.map((e) => `${e.experimentKey}/${e.unit}`);

describe('splitting a batch into scripts', () => {
  it('keeps a batch that fits as one part, unchanged', () => {
    const batch = batchOf(10, 3);
    expect(splitByUnit(batch)).toEqual([batch]);
  });

  it('cuts a large batch into parts within the bound, never between a unit’s records', () => {
    const batch = batchOf(20_000, 2);
    const parts = splitByUnit(batch);
    expect(parts.length).toBe(
      Math.ceil((20_000 * 3) / (MAX_RECORDS_PER_SCRIPT - (MAX_RECORDS_PER_SCRIPT % 3))),
    );
    const seen = new Set<string>();
    const faults: string[] = [];
    for (const [n, part] of parts.entries()) {
      if (part.exposures.length + part.increments.length > MAX_RECORDS_PER_SCRIPT)
        faults.push(`part ${n} too large`);
      const units = new Set(unitsOf(part));
      for (const i of part.increments) {
        if (!units.has(`${i.experimentKey}/${i.unit}`)) faults.push(`${i.unit}'s increment apart`);
      }
      for (const unit of units) {
        if (seen.has(unit)) faults.push(`${unit} in two parts`);
        seen.add(unit);
      }
    }
    expect(faults).toEqual([]);
    expect(seen.size).toBe(20_000);
    expect(parts.flatMap((p) => p.increments)).toHaveLength(40_000);
    // The same batch yields the same parts: a retry finds its write ids.
    expect(splitByUnit(batch)).toEqual(parts);
  });

  it('spreads only a unit with more records than a script takes, in order, exposures first', () => {
    const many = Array.from({ length: MAX_RECORDS_PER_SCRIPT + 10 }, (_, m) =>
      increment('exp', 'big', `m${m}`),
    );
    const batch: ExperimentDataBatch = {
      writeId: 'w',
      exposures: [
        { experimentKey: 'exp', unit: 'small', arm: 'a', exposedAt: 1 },
        { experimentKey: 'exp', unit: 'big', arm: 'a', exposedAt: 2 },
      ],
      increments: [increment('exp', 'small', 'm0'), ...many],
    };
    const parts = splitByUnit(batch);
    expect(parts.map((p) => [unitsOf(p), p.increments.length])).toEqual([
      [['exp/small'], 1],
      [['exp/big'], MAX_RECORDS_PER_SCRIPT - 1],
      [[], 11],
    ]);
    expect(parts.flatMap((p) => p.increments.map((i) => i.metricKey))).toEqual([
      'm0',
      ...many.map((i) => i.metricKey),
    ]);
  });
});
