/**
 * The benchmark's sections: each a scenario, the judges that watch it, how many rollouts, and what
 * the right outcome is. Built the same way in the parent and in every worker (judges are functions,
 * so they cannot be sent between threads).
 */
import { argoPolicy, flaggerPolicy, rampkitPolicy, SCENARIOS } from '@rampkit/rollout/simulation';

const every = [1, 10, 60];

const errorPolicies = () => [
  ...every.map((s) => rampkitPolicy({ name: `Rampkit (defaults), every ${s}s`, intervalSeconds: s })),
  rampkitPolicy({
    name: 'Rampkit (compareErrorRate not critical: 3 failures in a row), every 60s',
    intervalSeconds: 60,
    settings: { critical: [] },
  }),
  ...every.map((s) => flaggerPolicy({ intervalSeconds: s })),
  // The threshold a Flagger user would pick to stop false rollbacks at a 1% baseline.
  flaggerPolicy({ minSuccessRate: 0.97 }),
  ...[1, 60, 300].map((s) => argoPolicy({ intervalSeconds: s })),
];

const latencySettings = { compareErrorRate: { enabled: false }, compareLatency: { tolerance: 0.1 } };
const latencyPolicies = () => [
  ...[10, 60].map((s) =>
    rampkitPolicy({
      name: `Rampkit (tolerance 10%), every ${s}s`,
      intervalSeconds: s,
      settings: latencySettings,
    }),
  ),
  rampkitPolicy({
    name: 'Rampkit (default tolerance 30%), every 10s',
    intervalSeconds: 10,
    settings: { compareErrorRate: { enabled: false } },
  }),
];

/** Every check on, as a plan gets it by default, with the latency comparison at 10% too. */
const defaultAndLatencyPolicies = () => [
  ...[10, 60].map((s) => rampkitPolicy({ name: `Rampkit (defaults), every ${s}s`, intervalSeconds: s })),
  rampkitPolicy({
    name: 'Rampkit (latency tolerance 10%), every 10s',
    intervalSeconds: 10,
    settings: { compareLatency: { tolerance: 0.1 } },
  }),
  flaggerPolicy(),
  argoPolicy(),
];

/**
 * `expect`: what a right judge does — `promote` a healthy canary, `rollback` a bad one, `hold` one
 * whose evidence stopped (anything but promoting it).
 */
export function sections({ scale, seeds }) {
  const seedsFor = (full) => Math.max(10, Math.round(Number(seeds ?? full) * scale));
  return [
    {
      title: 'False rollbacks: canary = stable, 1% errors',
      kind: 'false',
      expect: 'promote',
      scenario: SCENARIOS.sameErrorRate,
      seeds: seedsFor(1000),
      policies: errorPolicies,
    },
    {
      title: 'Detection: canary errors 1% → 5%',
      kind: 'detection',
      expect: 'rollback',
      scenario: SCENARIOS.errorRate5x,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: 'Detection: canary errors 1% → 2%',
      kind: 'detection',
      expect: 'rollback',
      scenario: SCENARIOS.errorRate2x,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: 'Detection: canary p95 latency +30%',
      kind: 'detection',
      expect: 'rollback',
      scenario: SCENARIOS.latency30,
      seeds: seedsFor(60),
      policies: latencyPolicies,
    },
    {
      title: 'False rollbacks of the latency comparison: canary = stable, latency recorded',
      kind: 'false',
      expect: 'promote',
      scenario: SCENARIOS.sameLatency,
      seeds: seedsFor(60),
      policies: latencyPolicies,
    },
    {
      title: 'Low traffic: 1 request/s in all, canary = stable',
      kind: 'low',
      expect: 'promote',
      scenario: SCENARIOS.lowTraffic,
      seeds: seedsFor(1000),
      policies: errorPolicies,
    },
    {
      title: "The canary's metrics stop arriving 12 minutes in (canary = stable)",
      kind: 'outcomes',
      expect: 'hold',
      scenario: SCENARIOS.stoppedArm,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: 'All traffic stops 12 minutes in',
      kind: 'outcomes',
      expect: 'hold',
      scenario: SCENARIOS.stoppedTraffic,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: "Stable's metrics arrive 30 s late during two 20 s spikes of 30% errors on both arms",
      kind: 'outcomes',
      expect: 'promote',
      scenario: SCENARIOS.lateArmSpike,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: 'Both arms twice as slow late in the 25% and 50% steps, as the split moves',
      kind: 'outcomes',
      expect: 'promote',
      scenario: SCENARIOS.sharedSlowdown,
      seeds: seedsFor(60),
      policies: defaultAndLatencyPolicies,
    },
    {
      title: 'The wall clock steps back an hour 15 minutes in (canary = stable)',
      kind: 'outcomes',
      expect: 'promote',
      scenario: SCENARIOS.clockBack,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: 'The wall clock steps forward an hour 15 minutes in (canary = stable)',
      kind: 'outcomes',
      expect: 'promote',
      scenario: SCENARIOS.clockForward,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
    {
      title: 'The wall clock steps back an hour at 15 minutes, and the canary goes from 1% to 20% errors',
      kind: 'detection',
      expect: 'rollback',
      scenario: SCENARIOS.clockBackBadCanary,
      seeds: seedsFor(300),
      policies: errorPolicies,
    },
  ];
}
