import { logBernoulliMixture, type RateSide } from './bernoulli-mixture.js';

/*
 * Time-uniform confidence bounds on a quantile, after Howard and Ramdas, "Sequential estimation of
 * quantiles with applications to A/B-testing and best-arm identification" (Bernoulli 28, 2022).
 *
 * For a value v, the number of samples ≤ v is Binomial(n, F(v)). The q-quantile x_q is above v when
 * F(v) < q, and at most v when F(v) > q. So:
 *
 *   lower bound: the largest v at which the Bernoulli mixture (bernoulli-mixture.ts) rejects F(v) ≥ q;
 *   upper bound: the smallest v at which it rejects F(v) ≤ q.
 *
 * The counts are monotone in v and the e-value is monotone in the count, so a rejection at any v on the
 * wrong side of x_q implies one at x_q itself, a single fixed hypothesis: P(lower bound ever > x_q) ≤ alpha
 * over all sample sizes and all values at once, and likewise for the upper bound. The bounds can be
 * recomputed after every new sample without losing that guarantee.
 */

/** One distinct value and how many samples have it. */
export interface WeightedValue {
  value: number;
  count: number;
}

/**
 * A value the q-quantile exceeds with confidence 1 − alpha, uniformly over time; −∞ when the data
 * cannot say (too few samples). `values` must be sorted ascending with positive counts.
 */
export function quantileLowerBound(values: readonly WeightedValue[], q: number, alpha: number): number {
  // Rejections form a prefix of the sorted values: find where it ends.
  const rejected = rejection(values, q, alpha, 'below');
  const low = firstIndexWhere(values.length, (i) => !rejected(i));
  return low === 0 ? Number.NEGATIVE_INFINITY : values[low - 1]!.value;
}

/**
 * A value the q-quantile is at most, with confidence 1 − alpha uniformly over time; +∞ when the data
 * cannot say. `values` must be sorted ascending with positive counts.
 */
export function quantileUpperBound(values: readonly WeightedValue[], q: number, alpha: number): number {
  // Rejections form a suffix of the sorted values: find its first element.
  const low = firstIndexWhere(values.length, rejection(values, q, alpha, 'above'));
  return low === values.length ? Number.POSITIVE_INFINITY : values[low]!.value;
}

/** The nearest-rank q-quantile (the ⌈q·n⌉-th smallest sample) of sorted weighted values; NaN when empty. */
export function valueQuantile(values: readonly WeightedValue[], q: number): number {
  const n = totalCount(values);
  if (n === 0) return Number.NaN;
  // The epsilon keeps q·n that should be an integer (0.95 × 100 = 95.00000000000001) on its rank.
  const rank = Math.max(1, Math.ceil(q * n - 1e-9));
  let seen = 0;
  for (const { value, count } of values) {
    seen += count;
    if (seen >= rank) return value;
  }
  return values[values.length - 1]!.value;
}

/**
 * Whether the test rejects, at level `alpha`, that the q-quantile lies `side` of the value at an
 * index: the mixture's evidence over the values up to it reaches the boundary log(1/alpha).
 */
function rejection(
  values: readonly WeightedValue[],
  q: number,
  alpha: number,
  side: RateSide,
): (index: number) => boolean {
  const n = totalCount(values);
  const boundary = Math.log(1 / alpha);
  const cumulative = cumulativeCounts(values);
  return (index) => logBernoulliMixture(cumulative[index]!, n, q, side) >= boundary;
}

function totalCount(values: readonly WeightedValue[]): number {
  let n = 0;
  for (const { count } of values) n += count;
  return n;
}

function cumulativeCounts(values: readonly WeightedValue[]): number[] {
  const cumulative: number[] = [];
  let running = 0;
  for (const { count } of values) {
    running += count;
    cumulative.push(running);
  }
  return cumulative;
}

/**
 * The first index in `[0, length)` at which `reached` holds, or `length` when it never does;
 * `reached` must be false up to some index and true from it on (a binary search).
 */
function firstIndexWhere(length: number, reached: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (reached(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
