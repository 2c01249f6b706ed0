/** How one arm behaves in a simulation. */
export interface ArmProfile {
  /** Probability that a request fails. */
  errorRate: number;
  /**
   * Lognormal latency: median in milliseconds and σ of its logarithm. Omit to record no latency
   * (error-rate scenarios run much faster without it).
   */
  latency?: { medianMs: number; sigma: number };
  /** From this second on the arm's metrics never arrive (its instances hang, its exporter died). */
  stopsReportingAt?: number;
  /** The arm's metrics arrive this many seconds late (a slow flush, a backlog). @default 0 */
  reportLagSeconds?: number;
}

/** One step of the ramp: the canary's share of requests and how long it lasts. */
export interface RampStep {
  weight: number;
  seconds: number;
}

/** Something that happens to both arms at once between two seconds. */
export interface SharedEvent {
  /** First second, inclusive. */
  from: number;
  /** Last second, exclusive. */
  to: number;
}

/** Synthetic traffic for one rollout: Poisson arrivals split between the arms by the ramp. */
export interface TrafficScenario {
  name: string;
  /** Mean requests per second over both arms (Poisson arrivals). */
  requestsPerSecond: number;
  stable: ArmProfile;
  canary: ArmProfile;
  /** The canary's weights over time; the canary may be promoted when the last step ends. */
  ramp: readonly RampStep[];
  /** No request arrives from this second on. */
  trafficStopsAt?: number;
  /** Error spikes both arms share: every request fails with `errorRate` meanwhile. */
  spikes?: readonly (SharedEvent & { errorRate: number })[];
  /** Slowdowns both arms share: every latency is multiplied by `factor` meanwhile. */
  slowdowns?: readonly (SharedEvent & { factor: number })[];
  /** The canary's error rate changes at second `at`. */
  canaryChange?: { at: number; errorRate: number };
  /** The wall clock steps by `seconds` (negative: back) at second `at`, on every machine alike. */
  clockSteps?: readonly { at: number; seconds: number }[];
  /**
   * Whether promoting this canary is right: false where its evidence stops (promoting it would be
   * a false promotion). @default true
   */
  promotable?: boolean;
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
  /** The canary's metrics stop arriving 2 minutes into the 25% step; stable's go on. */
  stoppedArm: {
    ...scenario('canary metrics stop at 12 min', 50, HEALTHY, { ...HEALTHY, stopsReportingAt: 720 }),
    promotable: false,
  },
  /** Every request stops 2 minutes into the 25% step. */
  stoppedTraffic: {
    ...scenario('all traffic stops at 12 min', 50, HEALTHY, HEALTHY),
    trafficStopsAt: 720,
    promotable: false,
  },
  /** Stable's metrics arrive 30 s late while a 20 s spike of 30% errors hits both arms, twice. */
  lateArmSpike: {
    ...scenario(
      "stable's metrics 30 s late, shared error spikes",
      50,
      { ...HEALTHY, reportLagSeconds: 30 },
      HEALTHY,
    ),
    spikes: [
      { from: 900, to: 920, errorRate: 0.3 },
      { from: 1500, to: 1520, errorRate: 0.3 },
    ],
  },
  /** Both arms twice as slow for the last 4 minutes of the 25% and 50% steps, as the split moves. */
  sharedSlowdown: {
    ...scenario(
      'shared slowdown late in each step',
      50,
      { ...HEALTHY, latency: LATENCY },
      { ...HEALTHY, latency: LATENCY },
    ),
    slowdowns: [
      { from: 960, to: 1200, factor: 2 },
      { from: 1560, to: 1800, factor: 2 },
    ],
  },
  /** The wall clock steps back an hour 15 minutes in; canary = stable. */
  clockBack: {
    ...scenario('clock steps back 1 h', 50, HEALTHY, HEALTHY),
    clockSteps: [{ at: 900, seconds: -3600 }],
  },
  /** The wall clock steps forward an hour 15 minutes in; canary = stable. */
  clockForward: {
    ...scenario('clock steps forward 1 h', 50, HEALTHY, HEALTHY),
    clockSteps: [{ at: 900, seconds: 3600 }],
  },
  /** The wall clock steps back an hour 15 minutes in, and the canary goes from 1% to 20% errors. */
  clockBackBadCanary: {
    ...scenario('clock steps back 1 h, then canary errors 1% → 20%', 50, HEALTHY, HEALTHY),
    clockSteps: [{ at: 900, seconds: -3600 }],
    canaryChange: { at: 901, errorRate: 0.2 },
  },
} satisfies Record<string, TrafficScenario>;

function scenario(
  name: string,
  requestsPerSecond: number,
  stable: ArmProfile,
  canary: ArmProfile,
): TrafficScenario {
  return { name, requestsPerSecond, stable, canary, ramp: STANDARD_RAMP };
}
