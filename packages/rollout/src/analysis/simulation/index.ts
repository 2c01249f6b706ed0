/**
 * @rampkit/rollout/simulation — rollouts with synthetic traffic, judged by Rampkit's analysis and by
 * emulations of Flagger's and Argo Rollouts' documented checks, to measure false rollbacks, false
 * promotions and detection (bench/rollout, docs/statistics.md). Not needed to run rollouts.
 */
export type {
  ArgoPolicyOptions,
  FlaggerPolicyOptions,
  PolicyCheck,
  PolicyFactory,
  RampkitPolicyOptions,
  RollbackPolicy,
} from './policies.js';
export { argoPolicy, flaggerPolicy, rampkitPolicy } from './policies.js';
export type { Random } from './random.js';
export { createRandom } from './random.js';
export type { PolicyRun, PolicySummary, RunOutcome, SimulationOptions } from './run.js';
export { simulateMany, simulateRollout, summarizeRuns } from './run.js';
export type { ArmProfile, RampStep, SharedEvent, TrafficScenario } from './scenario.js';
export { SCENARIOS, STANDARD_RAMP } from './scenario.js';
export type { Arm, TrafficView } from './traffic.js';
export { SIMULATION_EPOCH, SimulatedTraffic, WINDOW_MS } from './traffic.js';
