import type { ArmMetrics, MetricsStore } from '@rampkit/core';
import type {
  CheckResult,
  GateEntry,
  HistoryEntry,
  RolloutStatus,
  TransitionEntry,
  TransitionType,
  Verdict,
  VerdictEntry,
} from '@rampkit/rollout';
import { mergeIntervals } from './merge-intervals.js';

/** One arm over one interval; rates and quantiles are null without requests. */
export interface ArmPoint {
  requests: number;
  errors: number;
  errorRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ArmInterval {
  from: number;
  to: number;
  stable: ArmPoint;
  canary: ArmPoint;
}

/** Everything a report shows, as plain JSON (`rampkit report --format json`). */
export interface ReportData {
  schema: 1;
  generatedAt: number;
  rollout: RolloutStatus;
  /** The canary's weight in percent over time: one point per change, the last at the end. */
  weight: Array<{ at: number; weight: number }>;
  /**
   * Each arm per interval. `metrics`: read from the metrics store, interval by interval. `verdicts`:
   * the metrics had expired, so requests and errors are the differences between successive
   * verdicts and latencies are the verdicts' (cumulative) quantiles.
   */
  arms: { source: 'metrics' | 'verdicts'; intervals: ArmInterval[] };
  verdicts: Array<{
    at: number;
    stepIndex: number;
    weight: number;
    status: Verdict['status'];
    critical: boolean;
    consecutiveFailures: number;
    checks: CheckResult[];
    arms: Verdict['arms'];
  }>;
  transitions: Array<{
    at: number;
    type: TransitionType;
    status: string;
    weight: number;
    toWeight: number;
    reason: string;
    by: string;
  }>;
  gates: Array<Pick<GateEntry, 'at' | 'target' | 'passed' | 'results'>>;
}

export interface BuildReportOptions {
  status: RolloutStatus;
  history: readonly HistoryEntry[];
  /** Where per-interval metrics are read; without it (or once they expired) the verdicts are used. */
  metrics?: MetricsStore;
  /** End of a rollout still running, on the rollout's clock (the demo's runs fast). @default Date.now() */
  now?: number;
  /** When the report is made, on the wall clock. @default Date.now() */
  generatedAt?: number;
}

/** The most intervals a chart shows; longer rollouts get wider intervals (or merged ones, from verdicts). */
const MAX_INTERVALS = 60;

/** Gathers a rollout's report from its status, its history and (when still stored) its metrics. */
export async function buildReport(options: BuildReportOptions): Promise<ReportData> {
  const { status, history } = options;
  const now = options.now ?? Date.now();
  const end = status.finishedAt ?? now;
  const transitions = history.filter((entry): entry is TransitionEntry => entry.kind === 'transition');
  const verdicts = history.filter((entry): entry is VerdictEntry => entry.kind === 'verdict');
  let arms: ReportData['arms'] = {
    source: 'verdicts',
    intervals: mergeIntervals(fromVerdicts(verdicts, status.createdAt), MAX_INTERVALS),
  };
  if (options.metrics !== undefined) {
    const intervals = await fromMetrics(options.metrics, status, end);
    if (intervals.some((interval) => interval.stable.requests + interval.canary.requests > 0)) {
      arms = { source: 'metrics', intervals };
    }
  }
  return {
    schema: 1,
    generatedAt: options.generatedAt ?? Date.now(),
    rollout: status,
    weight: weightSeries(history, status, end),
    arms,
    verdicts: verdicts.map((entry) => ({
      at: entry.at,
      stepIndex: entry.stepIndex,
      weight: entry.weight,
      status: entry.verdict.status,
      critical: entry.verdict.critical,
      consecutiveFailures: entry.consecutiveFailures,
      checks: entry.verdict.checks,
      arms: entry.verdict.arms,
    })),
    transitions: transitions.map((entry) => ({
      at: entry.at,
      type: entry.type,
      status: entry.status,
      weight: entry.weight,
      toWeight: entry.toWeight,
      reason: entry.reason,
      by: entry.by,
    })),
    gates: history
      .filter((entry): entry is GateEntry => entry.kind === 'gate')
      .map(({ at, target, passed, results }) => ({ at, target, passed, results })),
  };
}

/** The weight in force after each entry (transitions move it to `toWeight`), as a step function. */
function weightSeries(
  history: readonly HistoryEntry[],
  status: RolloutStatus,
  end: number,
): ReportData['weight'] {
  const points: ReportData['weight'] = [
    { at: status.createdAt, weight: history[0]?.weight ?? status.weight },
  ];
  const push = (at: number, weight: number) => {
    const last = points.at(-1);
    if (last !== undefined && last.weight === weight) return;
    if (last !== undefined && last.at === at) last.weight = weight;
    else points.push({ at, weight });
  };
  for (const entry of history) {
    push(entry.at, entry.weight);
    if (entry.kind === 'transition') push(entry.at, entry.toWeight);
  }
  push(end, status.targetWeight);
  const last = points.at(-1);
  if (last !== undefined && last.at < end) points.push({ at: end, weight: last.weight });
  return points;
}

async function fromMetrics(
  metrics: MetricsStore,
  status: RolloutStatus,
  end: number,
): Promise<ArmInterval[]> {
  const span = Math.max(end - status.createdAt, 1);
  const width = Math.max(status.plan.analysis.intervalMs, Math.ceil(span / MAX_INTERVALS));
  const starts: number[] = [];
  for (let from = status.createdAt; from < end; from += width) starts.push(from);
  return Promise.all(
    starts.map(async (from) => {
      const to = Math.min(from + width, end + 1);
      const arms = await metrics.readMetrics({ flagKey: status.flag, from, to });
      return { from, to, stable: pointOf(arms, status.stable), canary: pointOf(arms, status.canary) };
    }),
  );
}

function pointOf(arms: readonly ArmMetrics[], variation: string): ArmPoint {
  const arm = arms.find((candidate) => candidate.variation === variation);
  if (arm === undefined || arm.requests === 0) {
    return { requests: 0, errors: 0, errorRate: null, p50: null, p95: null, p99: null };
  }
  return {
    requests: arm.requests,
    errors: arm.errors,
    errorRate: arm.errorRate,
    p50: finite(arm.p50),
    p95: finite(arm.p95),
    p99: finite(arm.p99),
  };
}

/** Differences between successive verdicts' cumulative totals: each interval's own traffic. */
function fromVerdicts(verdicts: readonly VerdictEntry[], startedAt: number): ArmInterval[] {
  const intervals: ArmInterval[] = [];
  let previous: VerdictEntry | undefined;
  for (const entry of verdicts) {
    const from = previous?.at ?? startedAt;
    // A retry starts the totals again: after a drop the verdict's totals are the interval's own.
    const reset =
      previous !== undefined && entry.verdict.arms.canary.requests < previous.verdict.arms.canary.requests;
    const before = reset ? undefined : previous?.verdict.arms;
    const arm = (name: 'stable' | 'canary'): ArmPoint => {
      const now = entry.verdict.arms[name];
      const requests = Math.max(0, now.requests - (before?.[name].requests ?? 0));
      const errors = Math.max(0, now.errors - (before?.[name].errors ?? 0));
      return {
        requests,
        errors,
        errorRate: requests > 0 ? errors / requests : null,
        p50: finite(now.p50),
        p95: finite(now.p95),
        p99: finite(now.p99),
      };
    };
    intervals.push({ from, to: entry.at, stable: arm('stable'), canary: arm('canary') });
    previous = entry;
  }
  return intervals;
}

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
