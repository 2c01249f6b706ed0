import type { FlagsConfig } from '@rampkit/core';
import type { PlanInput } from '@rampkit/rollout';

/** How one version of a service behaves: its share of failed requests and its latency range. */
export interface ArmBehaviour {
  errorRate: number;
  latencyMs: readonly [min: number, max: number];
}

/** One rollout of the demo: a service, its two versions, and the plan that ramps the new one. */
export interface DemoService {
  flag: string;
  path: string;
  /** What the audience is told about this canary. */
  story: string;
  stable: ArmBehaviour;
  canary: ArmBehaviour;
  plan: PlanInput;
}

/**
 * A plan as a team would write it for production (minutes, not seconds): the demo's clock makes
 * it fast. Analysis every 30 s; 100 requests per arm at each step before a verdict passes. An error
 * rate shown to be above stable's (sequential test) is a critical check and rolls back at its first
 * failure; an error rate above 5% or a p95 latency regression alone must fail twice in a row. A step
 * that gets no passing verdict within the plans' default 30 minutes pauses: at a low request rate the
 * 5% step needs several simulated minutes for its 100 canary requests, more on a busy machine.
 */
function plan(id: string, flag: string): PlanInput {
  return {
    id,
    flag,
    strategy: 'canary',
    steps: [
      { weight: 5, hold: '2m' },
      { weight: 25, hold: '2m' },
      { weight: 50, hold: '2m' },
      { weight: 100 },
    ],
    analysis: {
      interval: '30s',
      minRequests: 100,
      maxErrorRate: 0.05,
      consecutiveFailures: 2,
      compareLatency: { minRequests: 100 },
      noData: { deadline: '30m', action: 'pause' },
    },
  };
}

/** Both services' current version: it fails 1% of requests, as the canaries are measured against. */
const STABLE: ArmBehaviour = { errorRate: 0.01, latencyMs: [4, 14] };

/** A service at `/<flag>` whose canary `<flag>-v2` ramps by the demo's plan. */
function demoService(flag: string, story: string, canary: ArmBehaviour): DemoService {
  return { flag, path: `/${flag}`, story, stable: STABLE, canary, plan: plan(`${flag}-v2`, flag) };
}

/** The healthy canary first, then the broken one. */
export const DEMO_SERVICES: readonly DemoService[] = [
  demoService('checkout', 'a healthy canary: checkout v2 fixes a bug, so it fails less often than v1', {
    errorRate: 0.004,
    latencyMs: [3, 12],
  }),
  demoService(
    'recommendations',
    'a broken canary: recommendations v2 times out on a dependency, so 15% of its requests fail',
    { errorRate: 0.15, latencyMs: [20, 60] },
  ),
];

/** Both flags serve stable to everyone until their rollout starts. */
export function demoFlags(services: readonly DemoService[] = DEMO_SERVICES): FlagsConfig {
  return {
    flags: services.map((service) => ({
      key: service.flag,
      kind: 'canary' as const,
      description: service.story,
      variations: { canary: 'v2', stable: 'v1' },
      offVariation: 'stable',
      fallthrough: { variation: 'stable' },
    })),
  };
}
