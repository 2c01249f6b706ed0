import type { ArmTotals } from '@rampkit/core';
import { reanchorAfterClockStep } from '../analysis/evidence.js';
import { judge } from '../analysis/judge.js';
import type { ArmPair, Freshness, JudgeInput, Stratum, Verdict } from '../analysis/types.js';
import { formatDuration } from '../duration.js';
import { activeFreeze, describeFreeze } from '../gates/freezes.js';
import { describeWindowWait, inDeploymentWindow } from '../gates/windows.js';
import type { FreezeSpec } from '../plan/types.js';
import { type Decision, Draft } from './draft.js';
import { currentAnalysis, settled } from './needs.js';
import { freshStep, isTerminal, nextStepAfter, startHold } from './step.js';
import type { GateEntry, GateResult, RolloutState, VerdictEntry } from './types.js';
import { formatWeight } from './weight.js';

/** What the runner gathered for this decision, as `needs()` asked. */
export interface Observation {
  /** Both arms' metrics as `needs().metrics` asked (analysis/evidence.ts). */
  metrics?: {
    cumulative: ArmPair;
    step: ArmPair;
    interval: ArmPair;
    freshness: Freshness;
    strata: Stratum[];
    /** The window the cumulative metrics cover, in the metrics' clock. */
    window: { from: number; to: number };
    /** Blue-green: stable's baseline totals, when read on this tick. */
    baseline?: ArmTotals;
  };
  /** Results of the health checks and webhook gates for entering step `target`. */
  gates?: { target: number; results: GateResult[] };
  /** Freezes declared on the controller, on top of the plan's. */
  freezes?: readonly FreezeSpec[];
}

/**
 * The rollout's decision: a pure function of the persisted state, what was observed, and the time:
 * `now` on the rollout's timeline (state/clock.ts), `wall` on the wall clock.
 * The runner persists the new state, then carries out the actions. Nothing here reads a clock, the
 * network or the store, so a decision can be replayed, tested and simulated exactly.
 *
 * 1. A rollout that has ended, or whose split is not yet the one it wants, decides nothing.
 * 2. With metrics, the judge gives a verdict; a critical failure, or `consecutiveFailures` failed
 *    verdicts in a row, rolls back at once.
 * 3. A paused rollout goes no further (it is still judged: pausing stops progress, not protection).
 * 4. Otherwise the rollout moves on as far as it can: entering a step (freeze, window, gates), holding
 *    it (hold time, a passing verdict, the no-data deadline), waiting for approval, then the next step.
 */
export function decide(state: RolloutState, observation: Observation, now: number, wall = now): Decision {
  if (isTerminal(state) || !settled(state)) return { state, actions: [], changed: false };
  const draft = new Draft(state, now, wall);
  if (observation.metrics !== undefined) analyse(draft, observation.metrics);
  if (draft.state.status === 'progressing') progress(draft, observation);
  return draft.result();
}

function analyse(draft: Draft, metrics: NonNullable<Observation['metrics']>): void {
  const s = draft.state;
  const settings = currentAnalysis(s);
  if (settings === null || s.analysis.since === null) return;
  if (metrics.baseline !== undefined) s.analysis.baseline = metrics.baseline;
  const input: JudgeInput = {
    settings,
    cumulative: metrics.cumulative,
    step: metrics.step,
    interval: metrics.interval,
    freshness: metrics.freshness,
    strata: metrics.strata,
    now: draft.wall,
    ...(s.analysis.testState === undefined ? {} : { testState: s.analysis.testState }),
    // Blue-green: stable's arm is the baseline read before the switch, not concurrent traffic.
    ...(s.analysis.baseline === undefined ? {} : { stableBaseline: true }),
  };
  const verdict = judge(input);
  if (verdict.testState === undefined) delete s.analysis.testState;
  else s.analysis.testState = verdict.testState;
  s.analysis.nextAt = draft.now + s.plan.analysis.intervalMs;
  if (verdict.status === 'fail') s.analysis.consecutiveFailures += 1;
  if (verdict.status === 'pass') s.analysis.consecutiveFailures = 0;
  const summary = summarise(verdict);
  s.analysis.last = {
    status: verdict.status,
    critical: verdict.critical,
    at: draft.now,
    stepIndex: s.stepIndex,
    summary,
  };
  draft.record<VerdictEntry>({
    kind: 'verdict',
    verdict,
    consecutiveFailures: s.analysis.consecutiveFailures,
    window: metrics.window,
  });
  if (verdict.status !== 'fail') return;
  const limit = settings.consecutiveFailures;
  if (verdict.critical) draft.rollBack(`critical check failed: ${summary}`);
  else if (s.analysis.consecutiveFailures >= limit) {
    draft.rollBack(`analysis failed ${s.analysis.consecutiveFailures} times in a row: ${summary}`);
  }
}

function progress(draft: Draft, observation: Observation): void {
  // Each pass either moves one phase forward or stops; a plan has at most a few hundred phases.
  for (let guard = 0; guard < draft.state.plan.steps.length * 3 + 3; guard++) {
    const s = draft.state;
    if (s.status !== 'progressing' || !settled(s)) return;
    if (s.phase === 'approval') return;
    if (s.phase === 'entering' && !enter(draft, observation)) return;
    if (s.phase === 'holding') {
      const outcome = stepOutcome(draft);
      if (outcome === 'wait') return;
      if (outcome === 'done') completeStep(draft);
    }
  }
}

/** Tries to enter the target step; false while something holds it back. */
function enter(draft: Draft, observation: Observation): boolean {
  const s = draft.state;
  const target = s.plan.steps[s.target];
  if (target === undefined) return false;
  if (target.weight > s.weight) {
    const freeze = activeFreeze(draft.wall, [...s.plan.gates.freezes, ...(observation.freezes ?? [])]);
    if (freeze !== undefined && !s.step.freezeWaived) {
      draft.block(
        'freeze',
        `step ${s.target + 1} (${formatWeight(target.weight)}) waits: ${describeFreeze(freeze)} is in force`,
      );
      return false;
    }
    if (!s.step.windowWaived && !inDeploymentWindow(draft.wall, s.plan.gates.windows)) {
      draft.block(
        'window',
        `step ${s.target + 1} (${formatWeight(target.weight)}) waits: ${describeWindowWait(draft.wall, s.plan.gates.windows)}`,
      );
      return false;
    }
    if (!gatesPassed(draft, observation)) return false;
  }
  const full = s.step.full;
  s.stepIndex = s.target;
  s.phase = 'holding';
  s.step = freshStep(draft.now, full);
  s.weight = target.weight;
  draft.unblock();
  const hold = target.holdMs > 0 ? `, holding at least ${formatDuration(target.holdMs)}` : '';
  draft.transition(
    'stepStarted',
    `step ${s.stepIndex + 1} of ${s.plan.steps.length}: canary to ${formatWeight(target.weight)}${hold}`,
  );
  if (settled(s)) startHold(s, draft.now, draft.wall);
  return true;
}

function gatesPassed(draft: Draft, observation: Observation): boolean {
  const s = draft.state;
  const { healthChecks, webhooks, maxFailures } = s.plan.gates;
  if (healthChecks.length === 0 && webhooks.length === 0) return true;
  const gates = observation.gates;
  if (gates === undefined || gates.target !== s.target) return false;
  const passed = gates.results.every((result) => result.passed);
  draft.record<GateEntry>({ kind: 'gate', target: s.target, passed, results: gates.results });
  if (passed) return true;
  const failed = gates.results
    .filter((result) => !result.passed)
    .map((result) => `${result.kind} ${result.name}: ${result.detail}`);
  s.step.gateFailures += 1;
  s.step.nextGateAt = draft.now + s.plan.analysis.intervalMs;
  const detail = `gates before step ${s.target + 1} failed (${s.step.gateFailures} of ${maxFailures}): ${failed.join('; ')}`;
  if (s.step.gateFailures >= maxFailures) draft.pause(detail);
  else draft.block('gate', detail);
  return false;
}

/**
 * `done` once the step's hold is over and its analysis passed; `wait` until then; `moved` when the
 * no-data deadline passed and the plan's action paused, rolled back or continued the rollout.
 */
function stepOutcome(draft: Draft): 'done' | 'wait' | 'moved' {
  const s = draft.state;
  const { step } = s;
  if (step.full) return 'done';
  if (step.enteredAt === null || step.holdUntil === null || step.deadlineAt === null) return 'wait';
  if (draft.now < step.holdUntil) {
    const until = new Date(step.holdUntil + (draft.wall - draft.now)).toISOString();
    s.reason = `holding step ${s.stepIndex + 1} at ${formatWeight(s.weight)} until ${until}`;
    return 'wait';
  }
  if (currentAnalysis(s) === null) return 'done';
  const last = s.analysis.last;
  if (
    last !== undefined &&
    last.status === 'pass' &&
    last.stepIndex === s.stepIndex &&
    last.at > step.enteredAt
  )
    return 'done';
  const waiting =
    last === undefined || last.at <= step.enteredAt
      ? 'no verdict at this step yet'
      : `last verdict ${last.status}: ${last.summary}`;
  if (draft.now < step.deadlineAt) {
    draft.block(
      'analysis',
      `step ${s.stepIndex + 1} at ${formatWeight(s.weight)} waits for a passing analysis (${waiting})`,
    );
    return 'wait';
  }
  const { action, deadlineMs } = s.plan.analysis.noData;
  const why = `no passing analysis within ${formatDuration(deadlineMs)} of step ${s.stepIndex + 1} (${waiting})`;
  if (action === 'continue') {
    draft.transition('stepCompleted', `${why}; continuing as the plan says (noData.action: continue)`);
    advanceOrApprove(draft, true);
    return 'moved';
  }
  if (action === 'rollback')
    draft.rollBack(`${why}; rolling back as the plan says (noData.action: rollback)`);
  else draft.pause(`${why}; paused as the plan says (noData.action: pause)`);
  return 'moved';
}

function completeStep(draft: Draft): void {
  const s = draft.state;
  draft.transition('stepCompleted', `step ${s.stepIndex + 1} at ${formatWeight(s.weight)} completed`);
  advanceOrApprove(draft, true);
}

function advanceOrApprove(draft: Draft, askApproval: boolean): void {
  const s = draft.state;
  const step = s.plan.steps[s.stepIndex];
  if (askApproval && step?.approval === true && !s.step.approved && !s.step.full) {
    s.phase = 'approval';
    draft.block(
      'approval',
      `step ${s.stepIndex + 1} at ${formatWeight(s.weight)} waits for approval`,
      'awaitingApproval',
    );
    return;
  }
  advance(draft);
}

/** Leaves the current step: enters the next one on the path, or completes the rollout. */
export function advance(draft: Draft): void {
  const s = draft.state;
  const next = nextStepAfter(s, s.stepIndex);
  draft.unblock();
  if (next === undefined) {
    s.status = 'promoted';
    s.finishedAt = draft.now;
    draft.transition(
      'promoted',
      `promoted: variation "${s.plan.canary}" serves ${formatWeight(s.weight)} of flag ${s.plan.flag}`,
    );
    return;
  }
  s.phase = 'entering';
  s.target = next;
  s.step = freshStep(draft.now, s.step.full);
}

function summarise(verdict: Verdict): string {
  const pick = (status: string) =>
    verdict.checks.filter((check) => check.status === status).map((check) => check.detail);
  const { canary, stable } = verdict.arms;
  const arms = `canary ${canary.requests} requests, ${(canary.errorRate * 100).toFixed(2)}% errors; stable ${stable.requests} requests, ${(stable.errorRate * 100).toFixed(2)}% errors`;
  if (verdict.status === 'fail') return pick('fail').join('; ') || `failed (${arms})`;
  if (verdict.status === 'inconclusive')
    return `${pick('inconclusive').join('; ') || 'inconclusive'} (${arms})`;
  return `all checks passed (${arms})`;
}

/**
 * Records that the wall clock stepped by `stepMs` (negative: back) and re-anchors the metrics reads
 * (analysis/evidence.ts, `reanchorAfterClockStep`). Holds and deadlines need nothing: they run on
 * the rollout's timeline, which did not step.
 */
export function noteClockStep(state: RolloutState, stepMs: number, now: number, wall: number): Decision {
  const draft = new Draft(state, now, wall);
  const s = draft.state;
  const { analysis } = s;
  if (analysis.since !== null && !isTerminal(s)) {
    const anchors = reanchorAfterClockStep(
      {
        since: analysis.since,
        stepSince: s.step.since ?? s.step.enteredAt ?? analysis.since,
        through: analysis.testState?.through ?? analysis.since,
        ...(analysis.excluded === undefined ? {} : { excluded: analysis.excluded }),
      },
      stepMs,
      wall,
    );
    analysis.since = anchors.since;
    if (s.step.enteredAt !== null) s.step.since = anchors.stepSince;
    if (analysis.testState !== undefined) analysis.testState.through = anchors.through;
    if (anchors.excluded !== undefined) analysis.excluded = anchors.excluded;
  }
  const direction = stepMs < 0 ? 'back' : 'forward';
  const reads = stepMs < 0 ? '; metrics are read from the step on' : '';
  draft.transition(
    'clockStepped',
    `the wall clock stepped ${direction} by ${formatDuration(Math.abs(stepMs))}; holds and analysis intervals keep the controller's steady clock${reads}`,
  );
  return draft.result();
}
