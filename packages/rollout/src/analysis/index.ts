/*
 * Canary analysis: the judge the state machine calls every tick, its settings, and a simulator of
 * rollouts with synthetic traffic to measure false rollbacks and detection (docs/statistics.md).
 */
export type { Evidence, EvidenceAnchors, EvidenceQuery } from './evidence.js';
export { gatherEvidence, reanchorAfterClockStep, SETTLE_MS } from './evidence.js';
export { judge } from './judge.js';
export type { AnalysisSettingsInput } from './settings.js';
export { readAnalysisSettings, resolveAnalysisSettings } from './settings.js';
export type {
  ArgoPolicyOptions,
  ArmProfile,
  FlaggerPolicyOptions,
  PolicyFactory,
  PolicyRun,
  PolicySummary,
  RampkitPolicyOptions,
  RampStep,
  RollbackPolicy,
  RunOutcome,
  SimulationOptions,
  TrafficScenario,
} from './simulation/index.js';
export {
  argoPolicy,
  flaggerPolicy,
  rampkitPolicy,
  SCENARIOS,
  STANDARD_RAMP,
  simulateMany,
  simulateRollout,
  summarizeRuns,
} from './simulation/index.js';
export type {
  AnalysisSettings,
  AnalysisTestState,
  ArmPair,
  ArmSnapshot,
  CheckName,
  CheckResult,
  CheckStatus,
  Freshness,
  JudgeInput,
  LatencyQuantile,
  LatencyTestState,
  Stratum,
  Verdict,
} from './types.js';
export { DEFAULT_ANALYSIS } from './types.js';
