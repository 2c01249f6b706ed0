import { formatDuration } from '../../duration.js';
import type { CheckResult, JudgeInput } from '../types.js';

/**
 * Both arms must still be reporting: an arm whose newest metrics window ended more than
 * `staleAfterMs` ago (its instances hang, its metrics stopped flowing, or nothing reaches it) makes
 * the verdict `inconclusive`, naming the arm and since when it has been silent. It never fails a
 * rollout; the plan's no-data deadline decides what a long silence leads to. In a blue-green
 * rollout only the canary is live; stable is a baseline read before the switch.
 */
export function checkFreshness(input: JudgeInput): CheckResult {
  const { freshness, now } = input;
  const arms = input.stableBaseline === true ? (['canary'] as const) : (['stable', 'canary'] as const);
  const limit = formatDuration(freshness.staleAfterMs);
  const silent: string[] = [];
  const heard: string[] = [];
  let oldest = Number.POSITIVE_INFINITY;
  for (const arm of arms) {
    const last = freshness[arm];
    const name = arm === 'canary' ? 'the canary' : 'stable';
    if (last === null) {
      silent.push(`${name} has reported no metrics since the rollout began`);
      oldest = Number.NEGATIVE_INFINITY;
      continue;
    }
    const age = Math.max(0, now - last);
    oldest = Math.min(oldest, last);
    if (age > freshness.staleAfterMs) {
      silent.push(`${name} silent since ${new Date(last).toISOString()} (${formatDuration(age)})`);
    } else heard.push(`${arm} ${formatDuration(age)} ago`);
  }
  const observed = Number.isFinite(oldest) ? Math.max(0, now - oldest) : undefined;
  return {
    name: 'freshness',
    status: silent.length === 0 ? 'pass' : 'inconclusive',
    ...(observed === undefined ? {} : { observed }),
    threshold: freshness.staleAfterMs,
    detail:
      silent.length === 0
        ? `fresh: metrics within ${limit} (${heard.join(', ')})`
        : `stale: ${silent.join('; ')}; a pass needs metrics from both arms within ${limit}`,
  };
}
