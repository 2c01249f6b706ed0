import type { PolicyFactory, RollbackPolicy } from './policies.js';
import { createRandom } from './random.js';
import type { TrafficScenario } from './scenario.js';
import { SimulatedTraffic } from './traffic.js';

/** How long a step may wait for a check that lets it move on: the plans' default no-data deadline. */
const DEADLINE_SECONDS = 1800;

export type RunOutcome = 'rolledBack' | 'promoted' | 'paused';

/** What one policy did in one simulated rollout. */
export interface PolicyRun {
  policy: string;
  outcome: RunOutcome;
  rolledBack: boolean;
  /** Simulated seconds from the start to the rollback. */
  seconds?: number;
  /** Requests the canary had served when it was rolled back. */
  canaryRequests?: number;
  /** Simulated seconds from the start to the promotion. */
  promotedAt?: number;
  checks: number;
  inconclusiveChecks: number;
}

/**
 * One rollout of `scenario` on a steady clock of whole seconds: every policy watches the same
 * simulated traffic (one realisation per seed, so policies are compared on identical data), is
 * checked every `intervalSeconds`, and goes through the ramp's steps as a controller would: a step
 * ends at the first check after its time is up that lets it move on; a policy that cannot move on
 * within the no-data deadline (30 minutes from the step's start) is paused; one past its last step
 * is promoted. The traffic follows the ramp's times whatever the policies decide.
 */
export function simulateRollout(
  scenario: TrafficScenario,
  policies: readonly PolicyFactory[],
  seed: number,
): PolicyRun[] {
  const traffic = new SimulatedTraffic(scenario, createRandom(seed));
  const ramp = scenario.ramp;
  const active = policies.map((create) => {
    const policy: RollbackPolicy = create();
    const run: PolicyRun = {
      policy: policy.name,
      outcome: 'paused',
      rolledBack: false,
      checks: 0,
      inconclusiveChecks: 0,
    };
    return { policy, run, step: 0, stepStartedAt: 0, done: false };
  });
  const end = traffic.duration + DEADLINE_SECONDS;
  for (let second = 0; second < end; second++) {
    traffic.advance();
    let watching = 0;
    for (const entry of active) {
      if (entry.done) continue;
      watching += 1;
      const { policy, run } = entry;
      if (traffic.now % policy.intervalSeconds !== 0) continue;
      const check = policy.check(traffic, { stepStartedAt: entry.stepStartedAt });
      run.checks += 1;
      if (check.inconclusive) run.inconclusiveChecks += 1;
      if (check.rollback) {
        entry.done = true;
        run.outcome = 'rolledBack';
        run.rolledBack = true;
        run.seconds = traffic.now;
        run.canaryRequests = traffic.counts('canary', 0).requests;
        continue;
      }
      const due = entry.stepStartedAt + ramp[entry.step]!.seconds;
      if (traffic.now >= due && check.advance) {
        entry.step += 1;
        entry.stepStartedAt = traffic.now;
        if (entry.step === ramp.length) {
          entry.done = true;
          run.outcome = 'promoted';
          run.promotedAt = traffic.now;
        }
      } else if (traffic.now >= entry.stepStartedAt + DEADLINE_SECONDS) {
        entry.done = true;
        run.outcome = 'paused';
      }
    }
    if (watching === 0) break;
  }
  return active.map(({ run }) => run);
}

/** A policy's results over many seeds. */
export interface PolicySummary {
  policy: string;
  runs: number;
  rollbacks: number;
  /** rollbacks / runs. */
  rollbackRate: number;
  /** Runs that went past their last step. */
  promotions: number;
  /** Runs paused at the no-data deadline. */
  pauses: number;
  /** Median over all runs of the canary requests served before rollback; ∞ if most runs never rolled back. */
  medianCanaryRequests: number;
  /** Median over all runs of the seconds to rollback; ∞ if most runs never rolled back. */
  medianSeconds: number;
  /** 90th percentile of the canary requests served before rollback (∞ when more than 10% never did). */
  p90CanaryRequests: number;
  /** Share of checks that held for lack of data. */
  inconclusiveShare: number;
}

export interface SimulationOptions {
  scenario: TrafficScenario;
  policies: readonly PolicyFactory[];
  /** Number of rollouts. */
  seeds: number;
  /** @default 1 */
  firstSeed?: number;
}

/** Runs `seeds` rollouts (seeds firstSeed, firstSeed + 1, …) and summarises each policy. */
export function simulateMany(options: SimulationOptions): PolicySummary[] {
  const firstSeed = options.firstSeed ?? 1;
  const byPolicy: PolicyRun[][] = options.policies.map(() => []);
  for (let i = 0; i < options.seeds; i++) {
    simulateRollout(options.scenario, options.policies, firstSeed + i).forEach((run, p) => {
      byPolicy[p]!.push(run);
    });
  }
  return byPolicy.map(summarizeRuns);
}

/** One policy's runs, summarised (runs gathered from several processes summarise the same way). */
export function summarizeRuns(runs: readonly PolicyRun[]): PolicySummary {
  const rollbacks = runs.filter((run) => run.rolledBack).length;
  const requests = runs.map((run) => run.canaryRequests ?? Number.POSITIVE_INFINITY);
  const seconds = runs.map((run) => run.seconds ?? Number.POSITIVE_INFINITY);
  const checks = runs.reduce((sum, run) => sum + run.checks, 0);
  const inconclusive = runs.reduce((sum, run) => sum + run.inconclusiveChecks, 0);
  return {
    policy: runs[0]?.policy ?? '',
    runs: runs.length,
    rollbacks,
    rollbackRate: runs.length > 0 ? rollbacks / runs.length : 0,
    promotions: runs.filter((run) => run.outcome === 'promoted').length,
    pauses: runs.filter((run) => run.outcome === 'paused').length,
    medianCanaryRequests: percentile(requests, 0.5),
    medianSeconds: percentile(seconds, 0.5),
    p90CanaryRequests: percentile(requests, 0.9),
    inconclusiveShare: checks > 0 ? inconclusive / checks : 0,
  };
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}
