import type { RolloutPlan } from '@rampkit/rollout';
import { duration, weight } from '../format/format.js';
import type { RunbookCommands } from './commands.js';
import { shownUrl } from './gates.js';

/** How to follow the rollout while it runs. */
export function watchSection(commands: RunbookCommands): string[] {
  return [
    `- Where it is and why: \`${commands.status}\` (the step, the weight, what it waits for, the last verdict, which controller drives it).`,
    `- Follow it to the end without driving it: \`${commands.watch}\` (exits like \`rollout run\`: 0 promoted, 1 rolled back or aborted).`,
    `- Every transition, verdict and gate result in order: \`${commands.history}\`.`,
    `- Charts of the weight and each arm's errors and latency, with every verdict: \`${commands.report}\` (while the metrics are retained: 1 h by default on Redis; keep it as a pipeline artifact).`,
    `- Every live rollout in the store: \`${commands.list} --active\`.`,
    '- Dashboards: the Grafana dashboard in `examples/grafana/` over the Prometheus series of `@rampkit/prometheus` (docs/monitoring.md) shows the split and each arm live.',
  ];
}

/** What an operator may do, with the exact command and what it does to this plan. */
export function byHandSection(plan: RolloutPlan, commands: RunbookCommands): string[] {
  const approvals = plan.steps.some((step) => step.approval);
  const rows: Array<[string, string, string]> = [
    [
      'Stop moving traffic (analysis goes on: a failing canary is still rolled back)',
      commands.pause,
      'The weight stays where it is.',
    ],
    [
      'Let a paused rollout go on',
      commands.resume,
      "Restarts the step's no-data deadline and gate failure count.",
    ],
    [
      'End the current step now',
      commands.promote,
      'Hold, analysis and approval of this step are waived; the next step is let in outside its deployment window. Gates still run.',
    ],
    [
      `Go straight to ${weight(100)}`,
      commands.promoteFull,
      `Variation \`${plan.canary}\` serves everyone and the rollout is promoted, without further holds or analysis. Gates still run.`,
    ],
    ['Leave the next step out', commands.skipStep, 'The final 100% step cannot be skipped.'],
    [
      `Send everyone back to ${plan.stable}`,
      commands.rollback,
      'Stable to 100% at once, skipping analysis; also undoes a promoted rollout. Always allowed, even in a freeze.',
    ],
    [
      `End the rollout with ${plan.stable} serving everyone`,
      commands.abort,
      'Like a rollback, recorded as an abort; it can be retried.',
    ],
    [
      'Start a rolled-back or aborted rollout again',
      commands.retry,
      'From the first step, with a fresh analysis window and failure count.',
    ],
  ];
  if (approvals)
    rows.splice(2, 0, [
      'Let a step waiting for approval move on',
      commands.approve,
      'Also approves ahead of the hold’s end.',
    ]);
  if (plan.gates.freezes.length > 0)
    rows.push(['Move on inside a change freeze', commands.promoteForced, 'Recorded with who forced it.']);
  return [
    'Any machine with the CLI and the store can do these; each is a compare-and-set write the driving controller carries out on its next tick (within its poll interval, 5 s by default). `rollback` and `abort` are applied at once when no controller holds the lease. Repeating one that already took effect changes nothing. `--by` and `--reason` are recorded in the history and the audit log.',
    '',
    '| to | run | what it does |',
    '| --- | --- | --- |',
    ...rows.map(([what, command, effect]) => `| ${what} | \`${command}\` | ${effect} |`),
  ];
}

/** What happens, and what to do, when the store or the controller is down (docs/operations.md, "Outages"). */
export function outageSection(plan: RolloutPlan, commands: RunbookCommands): string[] {
  const { deadlineMs, action } = plan.analysis.noData;
  const afterDeadline =
    action === 'pause'
      ? 'the rollout pauses'
      : action === 'rollback'
        ? `the rollout rolls back to ${plan.stable}`
        : 'the step completes without a passing verdict';
  const source = plan.analysis.source?.prometheus;
  const lines = [
    '### The store does not answer',
    '',
    `- The apps keep serving the configuration they hold: the canary stays at its weight. Their clients report \`stale\` and catch up when the store answers. Outcomes are counted in memory; failed flushes are kept (up to 10,000 windows per app) and written later.`,
    `- The controller cannot read ${source === undefined ? 'metrics or ' : ''}write state, so it decides nothing. Holds and the no-data deadline (${duration(deadlineMs)}) are absolute times: after a long outage, on the first tick with the store back, a step without a passing verdict takes \`noData.action: ${action}\` (${afterDeadline}).`,
    `- \`${commands.run}\` and \`${commands.watch}\` keep waiting with a warning and exit 3 after 30 s without an answer; the rollout's state is safe in the store. Run the same command again to attach once it answers.`,
    `- One-off commands (\`rollback\`, \`pause\`) exit 3 within \`--store-timeout\` (3 s by default): nothing in the store can change while it is down. To force ${plan.stable} for everyone meanwhile, deploy with the flag's stable value as the client's bootstrap flags or use the app's own kill switch; as soon as the store answers, \`${commands.rollback}\` applies within one tick.`,
  ];
  if (source !== undefined) {
    lines.push(
      `- Metrics come from Prometheus (${shownUrl(source.url)}), not the store: the store still holds the rollout's state, its lease and the flag's split.`,
    );
  }
  lines.push(
    '',
    '### No controller drives the rollout',
    '',
    `- \`${commands.status}\` says \`driver: not driven since …\`. While nobody holds the rollout's lease nothing moves, nothing is judged and a failing canary is **not** rolled back: it stays at its weight.`,
    '- A controller that dies loses its lease after 30 s; any other controller (in the app, `rampkit controller`, another `rollout run`) takes it over and continues from the stored state: no step is repeated or skipped.',
    `- To drive it again, attach: \`${commands.run}\`, or run a standing controller: \`${commands.controller}\`. A cancelled pipeline job hands its lease back at once.`,
    `- Without any controller, \`${commands.rollback}\` still sends everyone back to ${plan.stable} at once.`,
  );
  if (plan.gates.healthChecks.some((check) => check.kind === 'function')) {
    lines.push(
      '- This plan names health-check functions: only controllers that register them can pass its gates; `rampkit rollout run` and `rampkit controller` register none.',
    );
  }
  return lines;
}
