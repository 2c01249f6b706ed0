/** How one arm behaves in a simulation. */
export interface ArmProfile {
  /** Probability that a request fails. */
  errorRate: number;
  /**
   * Lognormal latency: median in milliseconds and σ of its logarithm. Omit to record no latency
   * (error-rate scenarios run much faster without it).
   */
  latency?: { medianMs: number; sigma: number };
}

/** One step of the ramp: the canary's share of requests and how long it lasts. */
export interface RampStep {
  weight: number;
  seconds: number;
}

/** Synthetic traffic for one rollout: Poisson arrivals split between the arms by the ramp. */
export interface TrafficScenario {
  name: string;
  /** Mean requests per second over both arms (Poisson arrivals). */
  requestsPerSecond: number;
  stable: ArmProfile;
  canary: ArmProfile;
  /** The canary's weights over time; the canary is promoted when the last step ends. */
  ramp: readonly RampStep[];
}

/** 5% → 25% → 50% for 10 minutes each, then promotion: a 30-minute plan. */
export const STANDARD_RAMP: readonly RampStep[] = [
  { weight: 0.05, seconds: 600 },
  { weight: 0.25, seconds: 600 },
  { weight: 0.5, seconds: 600 },
];

const HEALTHY: ArmProfile = { errorRate: 0.01 };
const LATENCY: ArmProfile['latency'] = { medianMs: 80, sigma: 0.6 };

/** The scenarios of docs/statistics.md and bench/rollout, at 50 requests per second unless noted. */
export const SCENARIOS = {
  /** Canary identical to stable (1% errors): every rollback is a false rollback. */
  sameErrorRate: scenario('canary = stable, 1% errors', 50, HEALTHY, HEALTHY),
  /** Canary errors 1% → 5%. */
  errorRate5x: scenario('errors 1% → 5%', 50, HEALTHY, { errorRate: 0.05 }),
  /** Canary errors 1% → 2%. */
  errorRate2x: scenario('errors 1% → 2%', 50, HEALTHY, { errorRate: 0.02 }),
  /** Canary 30% slower at every quantile (p95 +30%), same error rate. */
  latency30: scenario(
    'p95 latency +30%',
    50,
    { ...HEALTHY, latency: LATENCY },
    { ...HEALTHY, latency: { medianMs: LATENCY.medianMs * 1.3, sigma: LATENCY.sigma } },
  ),
  /** Canary = stable with latency recorded: false rollbacks of the latency comparison. */
  sameLatency: scenario(
    'canary = stable, latency recorded',
    50,
    { ...HEALTHY, latency: LATENCY },
    { ...HEALTHY, latency: LATENCY },
  ),
  /** One request per second in all: the canary sees about 3 a minute at 5%. */
  lowTraffic: scenario('1 request/s, canary = stable', 1, HEALTHY, HEALTHY),
} satisfies Record<string, TrafficScenario>;

function scenario(
  name: string,
  requestsPerSecond: number,
  stable: ArmProfile,
  canary: ArmProfile,
): TrafficScenario {
  return { name, requestsPerSecond, stable, canary, ramp: STANDARD_RAMP };
}
