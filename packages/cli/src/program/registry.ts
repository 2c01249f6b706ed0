import { controller } from '../commands/controller.js';
import { dashboard } from '../commands/dashboard.js';
import { demo } from '../commands/demo.js';
import { experimentList } from '../commands/experiment-list.js';
import { experimentPlan } from '../commands/experiment-plan.js';
import { experimentReport } from '../commands/experiment-report.js';
import { flagsDiff } from '../commands/flags-diff.js';
import { flagsDisable } from '../commands/flags-disable.js';
import { flagsEnable } from '../commands/flags-enable.js';
import { flagsGet } from '../commands/flags-get.js';
import { flagsHistory } from '../commands/flags-history.js';
import { flagsList } from '../commands/flags-list.js';
import { flagsPromote } from '../commands/flags-promote.js';
import { flagsSet } from '../commands/flags-set.js';
import { flagsValidate } from '../commands/flags-validate.js';
import { report } from '../commands/report.js';
import { rolloutAbort } from '../commands/rollout-abort.js';
import { rolloutApprove } from '../commands/rollout-approve.js';
import { rolloutHistory } from '../commands/rollout-history.js';
import { rolloutList } from '../commands/rollout-list.js';
import { rolloutPause } from '../commands/rollout-pause.js';
import { rolloutPromote } from '../commands/rollout-promote.js';
import { rolloutResume } from '../commands/rollout-resume.js';
import { rolloutRetry } from '../commands/rollout-retry.js';
import { rolloutRollback } from '../commands/rollout-rollback.js';
import { rolloutRun } from '../commands/rollout-run.js';
import { rolloutRunbook } from '../commands/rollout-runbook.js';
import { rolloutSkipStep } from '../commands/rollout-skip-step.js';
import { rolloutStart } from '../commands/rollout-start.js';
import { rolloutStatus } from '../commands/rollout-status.js';
import { rolloutValidate } from '../commands/rollout-validate.js';
import type { Command, CommandSpec } from './command.js';

/** Every `rampkit` command, in the order `rampkit --help` lists them. */
export const REGISTRY: readonly Command[] = [
  flagsList,
  flagsGet,
  flagsSet,
  flagsEnable,
  flagsDisable,
  flagsHistory,
  flagsDiff,
  flagsPromote,
  flagsValidate,
  rolloutStart,
  rolloutRun,
  rolloutStatus,
  rolloutList,
  rolloutPause,
  rolloutResume,
  rolloutPromote,
  rolloutApprove,
  rolloutSkipStep,
  rolloutAbort,
  rolloutRollback,
  rolloutRetry,
  rolloutHistory,
  rolloutValidate,
  rolloutRunbook,
  controller,
  experimentList,
  experimentReport,
  experimentPlan,
  report,
  dashboard,
  demo,
];

/**
 * Every command's arguments, options, help text and examples: all the parser knows, so a command
 * line can be checked (CI files are, in tests) without running anything.
 */
export const COMMANDS: readonly CommandSpec[] = REGISTRY.map((command) => command.spec);

/** The top-level words: command groups and single commands. */
export const GROUPS: Readonly<Record<string, string>> = {
  flags: 'read and change flags',
  rollout: 'start, watch and steer rollouts',
  experiment: 'list, read and plan A/B experiments',
  controller: 'drive every live rollout in the store, as a long-running process',
  report: "write a rollout's HTML or JSON report",
  dashboard: 'serve a live web UI for rollouts, flags and experiments',
  demo: 'run the one-command demo',
};

/** The command a spec of COMMANDS belongs to. */
export function commandOf(spec: CommandSpec): Command {
  const command = REGISTRY.find((candidate) => candidate.spec === spec);
  if (command === undefined) throw new Error(`no command has the spec of "${spec.path.join(' ')}"`);
  return command;
}
