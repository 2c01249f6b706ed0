import type { PolicyFactory, RollbackPolicy } from './policies.js';
import { createRandom } from './random.js';
import type { TrafficScenario } from './scenario.js';
import { SimulatedTraffic } from './traffic.js';

/** What one policy did in one simulated rollout. */
export interface PolicyRun {
  policy: string;
  rolledBack: boolean;
  /** Simulated seconds from the start to the rollback. */
  seconds?: number;
  /** Requests the canary had served when it was rolled back. */
  canaryRequests?: number;
  checks: number;
  inconclusiveChecks: number;
}

/**
 * One rollout of `scenario` with a fake clock: every policy watches the same simulated traffic (one
 * realisation per seed, so policies are compared on identical data) and is checked every
 * `intervalSeconds` until it rolls back or the ramp ends (promotion).
 */
export function simulateRollout(
  scenario: TrafficScenario,
  policies: readonly PolicyFactory[],
  seed: number,
): PolicyRun[] {
  const traffic = new SimulatedTraffic(scenario, createRandom(seed));
  const active = policies.map((create) => {
    const policy: RollbackPolicy = create();
    const run: PolicyRun = { policy: policy.name, rolledBack: false, checks: 0, inconclusiveChecks: 0 };
    return { policy, run };
  });
  const duration = traffic.duration;
  for (let second = 0; second < duration; second++) {
    traffic.advance();
    let watching = 0;
    for (const { policy, run } of active) {
      if (run.rolledBack) continue;
      watching += 1;
      if (traffic.now % policy.intervalSeconds !== 0) continue;
      const check = policy.check(traffic);
      run.checks += 1;
      if (check.inconclusive) run.inconclusiveChecks += 1;
      if (check.rollback) {
        run.rolledBack = true;
        run.seconds = traffic.now;
        run.canaryRequests = traffic.counts('canary', 0).requests;
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
  return byPolicy.map(summarize);
}

function summarize(runs: readonly PolicyRun[]): PolicySummary {
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
