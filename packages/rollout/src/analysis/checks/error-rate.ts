import { binomialUpperTail, clopperPearsonLower } from '@rampkit/core/stats';
import { count, percent, ratio } from '../format.js';
import type { CheckResult, JudgeInput } from '../types.js';

/**
 * Absolute limit on the canary's error rate in the latest interval. It fails only when the limit is
 * exceeded with confidence 1 − alpha (exact binomial test, the Clopper–Pearson lower bound above the
 * limit), so 1 error in 3 requests does not condemn a canary held to 2%: a 2% error rate produces
 * that 6% of the time. Intervals are disjoint, and `consecutiveFailures` asks for several in a row.
 * An interval without canary requests has nothing to judge: `skipped`.
 */
export function checkErrorRate(input: JudgeInput, maxErrorRate: number): CheckResult {
  const alpha = input.settings.compareErrorRate.alpha;
  const { requests, errors } = input.interval.canary;
  if (requests === 0) {
    return {
      name: 'errorRate',
      status: 'skipped',
      threshold: maxErrorRate,
      detail: `no canary requests in this interval (limit ${percent(maxErrorRate)})`,
    };
  }
  const observed = errors / requests;
  const pValue = binomialUpperTail(errors, requests, maxErrorRate);
  const lower = clopperPearsonLower(errors, requests, alpha);
  const failed = pValue < alpha;
  const confidence = percent(1 - alpha);
  const measured = `canary error rate ${percent(observed)} (${ratio(errors, requests)}) in this interval`;
  return {
    name: 'errorRate',
    status: failed ? 'fail' : 'pass',
    observed,
    threshold: maxErrorRate,
    statistic: pValue,
    boundary: alpha,
    detail: failed
      ? `${measured} is above the limit ${percent(maxErrorRate)}: at least ${percent(lower)} with ${confidence} confidence`
      : `${measured} is not shown above the limit ${percent(maxErrorRate)} (${confidence} lower bound ${percent(lower)} over ${count(requests)} requests)`,
  };
}
