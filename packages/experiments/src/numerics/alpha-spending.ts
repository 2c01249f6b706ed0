import { ScoreDensity, smallestStep } from './boundary-crossing.js';
import { normalQuantile, normalUpperTail } from './normal.js';

/*
 * Group-sequential boundaries from an alpha-spending function (Lan and DeMets, "Discrete sequential
 * boundaries for clinical trials", Biometrika 70, 1983), with the O'Brien–Fleming-type spending
 *
 *   f(t; a) = 2 − 2 Φ(z_{1−a/2} / √t),       f(1; a) = a,
 *
 * which spends almost nothing at early looks, so the last look's boundary stays close to the
 * fixed-horizon one (O'Brien and Fleming, "A multiple testing procedure for clinical trials",
 * Biometrics 35, 1979). A one-sided test at level α spends f(t; α); a two-sided one spends f(t; α/2)
 * on each side, the usual symmetric design (Jennison and Turnbull, Group Sequential Methods with
 * Applications to Clinical Trials, 2000, §7.2). At look k the boundary c_k solves
 *
 *   P(no crossing at looks 1..k−1,  Z_k  ≥ c_k) = f(t_k; α) − f(t_{k−1}; α)                  (one-sided)
 *   P(no crossing at looks 1..k−1, |Z_k| ≥ c_k) = 2 (f(t_k; α/2) − f(t_{k−1}; α/2))          (two-sided)
 *
 * under no effect, computed with the recursion of boundary-crossing.ts and solved by bisection. With
 * five equally spaced looks at α = 0.05 two-sided this gives the tabulated 4.877, 3.357, 2.680, 2.290,
 * 2.031.
 */

export type Sides = 'two' | 'one';

/** The O'Brien–Fleming-type spending function: the error spent by information fraction t. */
export function obrienFlemingSpending(fraction: number, alpha: number): number {
  if (fraction <= 0) return 0;
  if (fraction >= 1) return alpha;
  return 2 * normalUpperTail(normalQuantile(1 - alpha / 2) / Math.sqrt(fraction));
}

// A boundary this far out is never crossed (Q(40) ≈ 4e−350 underflows to 0).
const NO_BOUNDARY = 40;
const cache = new Map<string, readonly number[]>();

/**
 * z-scale boundaries c_1..c_K for looks at the given information fractions (increasing, the last 1),
 * spending `alpha` in all. Cached by their arguments: a design is computed once per process.
 */
export function spendingBoundaries(
  fractions: readonly number[],
  alpha: number,
  sides: Sides,
): readonly number[] {
  const key = `${sides}|${alpha}|${fractions.join(',')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const boundaries = computeBoundaries(fractions, alpha, sides, fractions.length);
  if (cache.size > 256) cache.clear();
  cache.set(key, boundaries);
  return boundaries;
}

function totalSpending(fraction: number, alpha: number, sides: Sides): number {
  return sides === 'two'
    ? 2 * obrienFlemingSpending(fraction, alpha / 2)
    : obrienFlemingSpending(fraction, alpha);
}

function computeBoundaries(
  fractions: readonly number[],
  alpha: number,
  sides: Sides,
  upTo: number,
): number[] {
  const density = new ScoreDensity(0, smallestStep(fractions));
  const boundaries: number[] = [];
  let spent = 0;
  for (let k = 0; k < upTo; k++) {
    const time = fractions[k]!;
    const target = totalSpending(time, alpha, sides) - spent;
    spent += target;
    const c = solveBoundary(density, time, target, sides);
    boundaries.push(c);
    const root = Math.sqrt(time);
    density.advance(time, sides === 'two' ? -c * root : Number.NEGATIVE_INFINITY, c * root);
  }
  return boundaries;
}

/**
 * The c at which the paths still running cross c·√t (and −c·√t, two-sided) with probability `target`:
 * Newton steps on the crossing probability, kept inside a bisection bracket. The probability falls as c
 * grows, with slope −√t (f(c√t) + f(−c√t)), f the sub-density at the boundary.
 */
function solveBoundary(density: ScoreDensity, time: number, target: number, sides: Sides): number {
  const root = Math.sqrt(time);
  const crossed = (c: number): number => {
    const p = density.crossing(time, sides === 'two' ? -c * root : Number.NEGATIVE_INFINITY, c * root);
    return p.upper + p.lower;
  };
  if (!(target > 0) || crossed(NO_BOUNDARY) >= target) return NO_BOUNDARY;
  let low = 0;
  let high = NO_BOUNDARY;
  let c = normalQuantile(1 - (sides === 'two' ? target / 2 : target));
  if (!(c > low && c < high)) c = 4;
  for (let i = 0; i < 100; i++) {
    const error = crossed(c) - target;
    if (error > 0) low = c;
    else high = c;
    if (Math.abs(error) <= 1e-14 * target || high - low < 1e-12) break;
    const slope =
      -root *
      (density.densityAt(time, c * root) + (sides === 'two' ? density.densityAt(time, -c * root) : 0));
    const next = slope < 0 ? c - error / slope : Number.NaN;
    c = next > low && next < high ? next : (low + high) / 2;
  }
  return c;
}

/**
 * The repeated p-value at look k (0-based) of a z-statistic: the smallest level at which the design's
 * boundary at that look is crossed (Jennison and Turnbull 2000, §9.1). Valid whenever the look is
 * read, whatever happened at the other looks, which is what a correction across comparisons needs.
 */
export function repeatedPValue(fractions: readonly number[], look: number, z: number, sides: Sides): number {
  const statistic = sides === 'two' ? Math.abs(z) : z;
  if (!(statistic > 0) || look < 0 || look >= fractions.length) return 1;
  // Work with q, the fixed-horizon z of the level (α = 2Q(q) two-sided, Q(q) one-sided): the boundary
  // is nearly proportional to q, so the cached design at α = 0.05 gives a close first guess, and a
  // regula falsi (Illinois) on gap(q) = c_k(q) − z converges in a few steps.
  const level = (q: number): number => (sides === 'two' ? 2 * normalUpperTail(q) : normalUpperTail(q));
  const gap = (q: number): number =>
    computeBoundaries(fractions, level(q), sides, look + 1)[look]! - statistic;
  const lowest = 1e-6;
  const highest = 38;
  if (gap(lowest) >= 0) return 1;
  const reference = normalQuantile(1 - (sides === 'two' ? 0.025 : 0.05));
  const guess = Math.min(
    highest,
    Math.max(lowest, (statistic * reference) / spendingBoundaries(fractions, 0.05, sides)[look]!),
  );
  // gap < 0 where z crosses. Bracket the root: `low` crosses, `high` does not.
  let low = lowest;
  let high = highest;
  let gapLow = Number.NaN;
  let gapHigh = Number.NaN;
  let step = 0.02;
  let q = guess;
  for (let i = 0; i < 60 && (Number.isNaN(gapLow) || Number.isNaN(gapHigh)); i++) {
    const value = gap(q);
    if (value < 0) {
      low = q;
      gapLow = value;
      q = Math.min(highest, q * (1 + step));
    } else {
      high = q;
      gapHigh = value;
      q = Math.max(lowest, q / (1 + step));
    }
    step *= 2;
    if (q === highest && Number.isNaN(gapHigh)) return level(highest);
    if (q === lowest && Number.isNaN(gapLow)) {
      gapLow = gap(lowest);
      low = lowest;
    }
  }
  let side = 0;
  for (let i = 0; i < 60 && high - low > 1e-12 * high; i++) {
    const next = (low * gapHigh - high * gapLow) / (gapHigh - gapLow);
    const value = gap(next);
    if (Math.abs(value) < 1e-10) return level(next);
    if (value < 0) {
      low = next;
      gapLow = value;
      if (side === -1) gapHigh /= 2;
      side = -1;
    } else {
      high = next;
      gapHigh = value;
      if (side === 1) gapLow /= 2;
      side = 1;
    }
  }
  return level(low);
}
