import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInvalidStatisticsError } from '../errors.js';
import { buildStatistics, type UnitObservation } from './build-statistics.js';
import { mergeStatistics } from './merge-statistics.js';
import { threeKinds } from './statistics.test-helper.js';

const fixedCap = {
  ...threeKinds,
  metrics: threeKinds.metrics.map((m) => (m.key === 'revenue' ? { ...m, cap: { value: 50 } } : m)),
};

const unit: fc.Arbitrary<UnitObservation> = fc.record({
  arm: fc.constantFrom('control', 'treatment'),
  metrics: fc.record({
    converted: fc.constantFrom(0, 1),
    revenue: fc.record({
      value: fc.integer({ min: 0, max: 200 }),
      covariate: fc.integer({ min: 0, max: 100 }),
    }),
    ctr: fc.record({
      value: fc.integer({ min: 0, max: 9 }),
      denominator: fc.integer({ min: 1, max: 9 }),
      covariate: fc.integer({ min: 0, max: 5 }),
    }),
  }),
});
const part = fc.array(unit, { maxLength: 30 }).map((units) => buildStatistics(fixedCap, units));

describe('merging sufficient statistics', () => {
  it('is associative and commutative, and equals building from all the units at once', () => {
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        expect(mergeStatistics(mergeStatistics(a, b), c)).toEqual(mergeStatistics(a, mergeStatistics(b, c)));
        expect(mergeStatistics(a, b)).toEqual(mergeStatistics(b, a));
      }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), fc.array(unit, { maxLength: 30 }), (left, right) => {
        expect(mergeStatistics(buildStatistics(fixedCap, left), buildStatistics(fixedCap, right))).toEqual(
          buildStatistics(fixedCap, [...left, ...right]),
        );
      }),
    );
  });

  it('keeps an arm present in one part only, and modifies neither part', () => {
    const a = buildStatistics(fixedCap, [{ arm: 'control', metrics: { converted: 1 } }]);
    const onlyControl = { arms: { control: a.arms.control! } };
    const before = structuredClone(onlyControl);
    const merged = mergeStatistics(onlyControl, a);
    expect(merged.arms.treatment).toEqual(a.arms.treatment);
    expect(merged.arms.control!.units).toBe(2);
    expect(onlyControl).toEqual(before);
  });

  it('refuses parts capped at different values, naming the metric', () => {
    const a = buildStatistics(threeKinds, [
      { arm: 'control', metrics: { revenue: 10 } },
      { arm: 'control', metrics: { revenue: 20 } },
    ]);
    const b = buildStatistics(threeKinds, [
      { arm: 'control', metrics: { revenue: 30 } },
      { arm: 'control', metrics: { revenue: 90 } },
    ]);
    try {
      mergeStatistics(a, b);
      throw new Error('expected a throw');
    } catch (error) {
      expect(isInvalidStatisticsError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /arms\.control\.metrics\.revenue\.cappedAt: the parts were capped at 19 and 84/,
      );
    }
  });
});
