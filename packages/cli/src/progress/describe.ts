import type { HistoryEntry, RolloutStatus, TransitionType, VerdictEntry } from '@rampkit/rollout';
import { type Color, count, duration, elapsed, paint, rate, weight } from '../format/format.js';

const TRANSITION_LABELS: Record<TransitionType, string> = {
  started: 'started',
  stepStarted: 'step started',
  stepCompleted: 'step completed',
  stepSkipped: 'step skipped',
  held: 'held',
  awaitingApproval: 'awaiting approval',
  approved: 'approved',
  paused: 'paused',
  resumed: 'resumed',
  promoted: 'PROMOTED',
  rolledBack: 'ROLLED BACK',
  aborted: 'ABORTED',
  retried: 'retried',
  clockStepped: 'clock stepped',
};

const TRANSITION_COLORS: Partial<Record<TransitionType, Color>> = {
  promoted: 'green',
  rolledBack: 'red',
  aborted: 'red',
  paused: 'yellow',
  held: 'yellow',
  awaitingApproval: 'yellow',
  clockStepped: 'yellow',
};

export function verdictColor(status: string): Color {
  return status === 'pass' ? 'green' : status === 'fail' ? 'red' : 'yellow';
}

/** One history entry as one line: `t+2m00s  step started    step 2 of 4: canary to 25%…`. */
export function describeEntry(entry: HistoryEntry, startedAt: number, color = false): string {
  const time = elapsed(entry.at - startedAt).padEnd(9);
  if (entry.kind === 'transition') {
    const label = paint(
      TRANSITION_LABELS[entry.type].padEnd(17),
      TRANSITION_COLORS[entry.type] ?? 'cyan',
      color,
    );
    return `${time} ${label} ${entry.reason}`;
  }
  if (entry.kind === 'verdict') {
    const label = paint(
      `verdict ${entry.verdict.status}`.padEnd(17),
      verdictColor(entry.verdict.status),
      color,
    );
    return `${time} ${label} ${verdictLine(entry)}`;
  }
  const label = paint(
    `gates ${entry.passed ? 'passed' : 'failed'}`.padEnd(17),
    entry.passed ? 'green' : 'red',
    color,
  );
  const results = entry.results.map((result) => `${result.kind} ${result.name}: ${result.detail}`).join('; ');
  return `${time} ${label} before step ${entry.target + 1}: ${results}`;
}

/** The arms at the verdict, then what it rests on: failing checks, else what it waits for. */
export function verdictLine(entry: VerdictEntry): string {
  const { stable, canary } = entry.verdict.arms;
  const arms = `canary ${count(canary.requests)} req ${rate(canary.errorRate)} err · stable ${count(stable.requests)} req ${rate(stable.errorRate)} err`;
  const wanted =
    entry.verdict.status === 'pass'
      ? []
      : entry.verdict.checks.filter((check) => check.status === entry.verdict.status);
  const detail = wanted.map((check) => check.detail).join('; ');
  const streak = entry.verdict.status === 'fail' ? ` (${entry.consecutiveFailures} in a row)` : '';
  return detail === '' ? arms : `${arms}${streak} — ${detail}`;
}

/** `progressing · step 2 of 4 · holding at 25%`. */
export function describePosition(status: RolloutStatus): string {
  const step =
    status.step.index < 0 ? 'before step 1' : `step ${status.step.index + 1} of ${status.step.count}`;
  const moving = status.targetWeight !== status.weight ? ` → ${weight(status.targetWeight)}` : '';
  const phase = status.status === 'progressing' || status.status === 'paused' ? ` · ${status.phase}` : '';
  return `${status.status} · ${step}${phase} · canary at ${weight(status.weight)}${moving}`;
}

/**
 * Who drives the rollout, for people: `driven by ci:4711, last tick 3s ago`, or `not driven since …`
 * with how to drive it again. Null for a rollout that has ended: nothing needs to drive it.
 */
export function describeDriver(status: RolloutStatus, now = Date.now()): string | null {
  if (isFinished(status)) return null;
  const { driver } = status;
  if (driver.driven) return `driven by ${driver.holder}, last tick ${duration(now - driver.lastTickAt)} ago`;
  const last = driver.lastHolder === undefined ? '' : `, last by ${driver.lastHolder}`;
  return `not driven since ${new Date(driver.since).toISOString()} (${duration(now - driver.since)} ago${last}): nothing moves, judges or rolls it back until a controller runs (\`rampkit rollout run <plan> --id ${status.id}\`, or a controller in your app)`;
}

/** The driver in a table cell: `ci:4711 3s ago`, `none for 12m`, `–` once ended. */
export function driverCell(status: RolloutStatus, now = Date.now()): string {
  if (isFinished(status)) return '–';
  const { driver } = status;
  return driver.driven
    ? `${driver.holder} ${duration(now - driver.lastTickAt)} ago`
    : `none for ${duration(now - driver.since)}`;
}

export function isFinished(status: RolloutStatus): boolean {
  return status.status === 'promoted' || status.status === 'rolledBack' || status.status === 'aborted';
}
