import { MIXING_RATIO } from '../inference/mixing-ratio.js';
import { type Sides, spendingBoundaries } from '../numerics/alpha-spending.js';
import { crossingProbabilities, ScoreDensity } from '../numerics/boundary-crossing.js';
import { normalQuantile } from '../numerics/normal.js';
import { mixtureRadius, oneSidedMixtureRadius } from '../numerics/normal-mixture.js';

/*
 * What reading early costs: the sample size each design needs for the planned power, as a multiple of
 * the fixed-horizon z-test's (read once, at its planned size, with the same α, power and sides).
 *
 * Time is measured in units of that fixed-horizon size, so an effect equal to the MDE is a Brownian
 * motion with drift θ = z_{1−α/2} + z_{1−β} (two-sided; z_{1−α} one-sided): at t = 1 the fixed test
 * has power exactly 1 − β. A design's multiplier is the time by which it has crossed its boundary (on
 * the effect's side) with probability 1 − β, computed with the recursion of boundary-crossing.ts.
 */

/** Reads are taken this often (as a share of the fixed-horizon size) when planning continuous monitoring. */
export const SEQUENTIAL_READ_STEP = 0.01;
const SEQUENTIAL_HORIZON = 8;

/** The drift at which the fixed-horizon test has power 1 − β at t = 1. */
export function plannedDrift(alpha: number, power: number, sides: Sides): number {
  return normalQuantile(1 - (sides === 'two' ? alpha / 2 : alpha)) + normalQuantile(power);
}

const cache = new Map<string, number>();

function cached(key: string, compute: () => number): number {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size > 256) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The sample size at which the mixture sequential test, read every 1% of the fixed-horizon size, has
 * rejected with probability `power`, over the fixed-horizon size. About 1.65 two-sided at α = 0.05 and
 * 80% power. `ratio` overrides the mixing ratio (for tuning it).
 */
export function sequentialMultiplier(
  alpha: number,
  power: number,
  sides: Sides,
  ratio: number = MIXING_RATIO[sides],
): number {
  return cached(`seq|${alpha}|${power}|${sides}|${ratio}`, () => {
    const drift = plannedDrift(alpha, power, sides);
    // Six grid points per step's standard deviation: the multiplier moves by less than 1e−5 at twelve.
    const density = new ScoreDensity(drift, SEQUENTIAL_READ_STEP, 6);
    let crossed = 0;
    let previousTime = 0;
    for (let k = 1; k * SEQUENTIAL_READ_STEP <= SEQUENTIAL_HORIZON + 1e-9; k++) {
      const time = k * SEQUENTIAL_READ_STEP;
      const u = ratio * time;
      const radius = sides === 'two' ? mixtureRadius(u, alpha) : oneSidedMixtureRadius(u, alpha);
      const upper = radius * Math.sqrt(time);
      const lower = sides === 'two' ? -upper : Number.NEGATIVE_INFINITY;
      const step = density.crossing(time, lower, upper).upper;
      if (crossed + step >= power) return previousTime + ((power - crossed) / step) * (time - previousTime);
      crossed += step;
      previousTime = time;
      density.advance(time, lower, upper);
    }
    return Number.POSITIVE_INFINITY;
  });
}

/**
 * The maximum sample size of a group-sequential design (looks at the given information fractions, the
 * last 1, O'Brien–Fleming-type spending) that has the planned power, over the fixed-horizon size: the
 * classical inflation factor (about 1.03 for five equally spaced looks at α = 0.05 and 80% power).
 */
export function groupSequentialMultiplier(
  fractions: readonly number[],
  alpha: number,
  power: number,
  sides: Sides,
): number {
  return cached(`gs|${alpha}|${power}|${sides}|${fractions.join(',')}`, () => {
    const boundaries = spendingBoundaries(fractions, alpha, sides);
    const looks = fractions.map((time, k) => {
      const upper = boundaries[k]! * Math.sqrt(time);
      return { time, upper, lower: sides === 'two' ? -upper : Number.NEGATIVE_INFINITY };
    });
    const powerAt = (drift: number): number =>
      crossingProbabilities(looks, drift).upper.reduce((sum, p) => sum + p, 0);
    // Power grows with the drift; bisection between the fixed design's drift and four times it.
    const fixed = plannedDrift(alpha, power, sides);
    let low = 0;
    let high = 4 * fixed;
    for (let i = 0; i < 50; i++) {
      const mid = (low + high) / 2;
      if (powerAt(mid) >= power) high = mid;
      else low = mid;
    }
    return (high / fixed) ** 2;
  });
}

/** Equally spaced information fractions for `looks` looks: 1/K, 2/K, …, 1. */
export function equallySpaced(looks: number): number[] {
  return Array.from({ length: looks }, (_, k) => (k + 1) / looks);
}
