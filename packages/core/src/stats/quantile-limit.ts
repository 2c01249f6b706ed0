import type { HistogramData } from '../metrics/types.js';
import { binomialUpperTail } from './binomial-tail.js';
import { countAbove } from './histogram-values.js';

/*
 * "Is the q-quantile above `limit`?" from one window of latencies, as an exact binomial test: the
 * q-quantile exceeds the limit exactly when more than a share 1 − q of requests are slower than it.
 * With `above` of `count` samples over the limit, the p-value of "at most 1 − q are slower" is
 * P(Binomial(count, 1 − q) ≥ above), and the limit counts as exceeded when it is below alpha. Three
 * samples can therefore never condemn a p99: one slow request in three is what a healthy p99 produces
 * 3% of the time.
 */

export interface QuantileLimitCheck {
  /** Samples in the window. */
  count: number;
  /** Samples slower than the limit. */
  above: number;
  /** P(this many or more slow samples | the quantile is exactly at the limit). */
  pValue: number;
  /** pValue < alpha. */
  exceeded: boolean;
}

export function quantileAboveLimit(
  data: HistogramData,
  q: number,
  limit: number,
  alpha: number,
): QuantileLimitCheck {
  const { count, above } = countAbove(data, limit);
  const pValue = binomialUpperTail(above, count, 1 - q);
  return { count, above, pValue, exceeded: pValue < alpha };
}
