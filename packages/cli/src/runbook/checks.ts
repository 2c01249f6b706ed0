import { formatPercent } from '@rampkit/core/internal';
import type { AnalysisSettings, CheckName, RolloutPlan } from '@rampkit/rollout';
import { count, duration } from '../format/format.js';

/** What the judge checks with these settings, one plain sentence a check (docs/statistics.md has the maths). */
export function describeChecks(settings: AnalysisSettings, plan: RolloutPlan): string[] {
  const interval = duration(plan.analysis.intervalMs);
  const blueGreen = plan.strategy === 'blueGreen';
  const confidence = percent(1 - settings.compareErrorRate.alpha);
  const lines: string[] = [
    `**Enough traffic**: a step can pass only once each arm has served ${count(settings.minRequests)} requests at that step; a failure may rest on everything since the rollout began. Too little traffic holds a step, it never fails it.`,
  ];
  if (settings.maxErrorRate !== undefined) {
    lines.push(
      `**Error rate** (\`errorRate\`): fails when the canary's error rate over the latest ${interval} is above ${percent(settings.maxErrorRate)} with ${confidence} confidence.`,
    );
  }
  for (const [quantile, limit] of Object.entries(settings.maxLatencyMs ?? {})) {
    if (limit === undefined) continue;
    lines.push(
      `**${quantile} latency** (\`latency\`): fails when the canary's ${quantile} over the latest ${interval} is above ${count(limit)} ms with ${confidence} confidence (more than ${tailShare(quantile)} of its requests slower than that).`,
    );
  }
  const against = blueGreen ? "stable's metrics before the switch" : 'stable, window by window';
  const { compareErrorRate, compareLatency } = settings;
  if (compareErrorRate.enabled) {
    const by =
      compareErrorRate.margin === 0
        ? "is higher than stable's"
        : `exceeds stable's by more than ${percent(compareErrorRate.margin)} of stable's rate (a margin of ${compareErrorRate.margin} tolerates ${percent(0.01 * (1 + compareErrorRate.margin), 3)} against 1%)`;
    lines.push(
      `**Error rate against ${against}** (\`compareErrorRate\`): fails once the anytime-valid evidence that the canary's error rate ${by} reaches ${count((blueGreen ? 2 : 1) / compareErrorRate.alpha)} (alpha ${compareErrorRate.alpha}). Looking at it every interval does not raise the false-alarm rate.`,
    );
  } else lines.push('**Error rate against stable** (`compareErrorRate`): off.');
  if (compareLatency.enabled) {
    lines.push(
      `**Latency against ${against}** (\`compareLatency\`): fails once the anytime-valid evidence that canary requests are slower than ${1 + compareLatency.tolerance} × stable's ${compareLatency.quantile} more often than stable's own requests are slower than stable's ${compareLatency.quantile} reaches ${count((blueGreen ? 2 : 1) / compareErrorRate.alpha)}; it starts once both arms have ${count(compareLatency.minRequests)} latency samples.`,
    );
  } else lines.push('**Latency against stable** (`compareLatency`): off.');
  lines.push(failureRule(settings));
  return lines;
}

/** Which failures roll back at once and which after several verdicts in a row. */
export function failureRule(settings: AnalysisSettings): string {
  const critical = settings.critical.filter((name) => name !== 'minSamples');
  const others = `${settings.consecutiveFailures} failed verdict${settings.consecutiveFailures === 1 ? '' : 's'} in a row`;
  const rest =
    `any other failing check rolls back after ${others} ` +
    '(a passing verdict resets the count, an inconclusive one leaves it; the count survives a controller restart).';
  if (critical.length === 0) return `**Rolling back**: no check is critical; ${rest}`;
  return `**Rolling back**: a single failure of ${critical.map(code).join(' or ')} rolls back at once; ${rest}`;
}

/** The analysis settings of a step as one line for the step table: `checked`, `not analysed`, or what differs. */
export function analysisSummary(settings: AnalysisSettings | null, base: AnalysisSettings | null): string {
  if (settings === null) return 'not analysed';
  if (base === null || sameSettings(settings, base)) return 'the checks below';
  return 'the checks below, with this step’s overrides (see the step)';
}

export function sameSettings(a: AnalysisSettings, b: AnalysisSettings): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(settings: AnalysisSettings): unknown {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function tailShare(quantile: string): string {
  return `${100 - Number(quantile.slice(1))}%`;
}

/** `2%`, `0.5%`: a share in 0..1 as a percentage without trailing zeros. */
export function percent(share: number, digits = 2): string {
  return formatPercent(share, { decimals: digits, trim: true });
}

function code(name: CheckName): string {
  return `\`${name}\``;
}
