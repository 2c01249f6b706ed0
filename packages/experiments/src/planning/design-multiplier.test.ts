import { describe, expect, it } from 'vitest';
import { crossingProbabilities } from '../numerics/boundary-crossing.js';
import {
  equallySpaced,
  groupSequentialMultiplier,
  plannedDrift,
  sequentialMultiplier,
} from './design-multiplier.js';

describe('what reading early costs', () => {
  it('the fixed-horizon drift gives the planned power at t = 1', () => {
    const drift = plannedDrift(0.05, 0.8, 'two');
    const crossed = crossingProbabilities([{ time: 1, upper: 1.959963984540054, lower: -Infinity }], drift);
    expect(crossed.upper[0]).toBeCloseTo(0.8, 12);
  });

  it("group-sequential O'Brien–Fleming: the tabulated inflation factors", () => {
    // Jennison and Turnbull (2000), Table 7.6 (ρ-family ≈ OBF spending): R ≈ 1.02–1.03 at K = 5,
    // α = 0.05 two-sided, 80% power; more looks cost a little more.
    const five = groupSequentialMultiplier(equallySpaced(5), 0.05, 0.8, 'two');
    expect(five).toBeGreaterThan(1.02);
    expect(five).toBeLessThan(1.03);
    expect(groupSequentialMultiplier(equallySpaced(2), 0.05, 0.8, 'two')).toBeLessThan(five);
    expect(groupSequentialMultiplier(equallySpaced(10), 0.05, 0.8, 'two')).toBeGreaterThan(five);
    expect(groupSequentialMultiplier(equallySpaced(10), 0.05, 0.8, 'two')).toBeLessThan(1.15);
  });

  it('continuous monitoring costs more than twenty planned looks, and less than twice the fixed size', () => {
    const sequential = sequentialMultiplier(0.05, 0.8, 'two');
    expect(sequential).toBeGreaterThan(groupSequentialMultiplier(equallySpaced(20), 0.05, 0.8, 'two'));
    expect(sequential).toBeLessThan(2);
    // Against the one-sided fixed test, the one-sided mixture pays a similar price.
    expect(sequentialMultiplier(0.05, 0.8, 'one')).toBeGreaterThan(1.5);
    expect(sequentialMultiplier(0.05, 0.8, 'one')).toBeLessThan(1.85);
  });
});
