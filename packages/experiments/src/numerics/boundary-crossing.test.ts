import { describe, expect, it } from 'vitest';
import { crossingProbabilities, ScoreDensity } from './boundary-crossing.js';
import { normalCdf, normalUpperTail } from './normal.js';

const total = (values: number[]): number => values.reduce((sum, value) => sum + value, 0);

describe('the Armitage–McPherson–Rowe recursion', () => {
  it('gives the closed form at a single look', () => {
    const crossed = crossingProbabilities([{ time: 0.7, upper: 1.3, lower: -0.4 }], 0.5);
    expect(crossed.upper[0]).toBeCloseTo(normalUpperTail((1.3 - 0.35) / Math.sqrt(0.7)), 14);
    expect(crossed.lower[0]).toBeCloseTo(normalCdf((-0.4 - 0.35) / Math.sqrt(0.7)), 14);
  });

  it('keeps all the mass when no boundary can be crossed', () => {
    const density = new ScoreDensity(0.8, 0.1);
    for (let k = 1; k <= 10; k++) density.advance(k / 10, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(density.remaining()).toBeCloseTo(1, 10);
  });

  it('accounts for every path: crossings plus what remains is 1', () => {
    const looks = [0.25, 0.5, 0.75, 1].map((time) => ({
      time,
      upper: 2 * Math.sqrt(time),
      lower: -1.5 * Math.sqrt(time),
    }));
    const density = new ScoreDensity(0.3, 0.25);
    let crossed = 0;
    for (const look of looks) {
      const p = density.crossing(look.time, look.lower, look.upper);
      crossed += p.upper + p.lower;
      density.advance(look.time, look.lower, look.upper);
    }
    expect(Math.abs(crossed + density.remaining() - 1)).toBeLessThan(1e-7);
  });

  it("reproduces Pocock's constant: five equally spaced looks at |Z| ≥ 2.413 spend α = 0.05", () => {
    // Pocock, "Group sequential methods in the design and analysis of clinical trials", Biometrika 64
    // (1977), Table 1: C_P(5, 0.05) = 2.413 (rounded to three decimals).
    const looks = [0.2, 0.4, 0.6, 0.8, 1].map((time) => ({
      time,
      upper: 2.413 * Math.sqrt(time),
      lower: -2.413 * Math.sqrt(time),
    }));
    const crossed = crossingProbabilities(looks, 0);
    expect(total(crossed.upper) + total(crossed.lower)).toBeCloseTo(0.05, 3);
    expect(total(crossed.upper)).toBeCloseTo(total(crossed.lower), 12);
  });
});
