import {
  type AuditInfo,
  type ConfigStore,
  type FlagDefinition,
  type FlagsConfig,
  isConflictError,
  isTrackedFlag,
  RampkitError,
  type Split,
  type ValidationIssue,
} from '@rampkit/core';
import type { RolloutPlan } from '../plan/types.js';

const MAX_CONFLICTS = 10;

/**
 * Checks that the plan fits the flag as configured: the flag exists and is enabled, both arms are
 * variations of it, and what it serves to everyone now is stable, the canary or a split of the two.
 * @returns the canary's share in percent now, or the issues (paths `flag`, `stable`, `canary`)
 */
export function fitFlag(config: FlagsConfig | undefined, plan: RolloutPlan): number | ValidationIssue[] {
  const issues = armIssues(config, plan);
  const flag = config?.flags.find((candidate) => candidate.key === plan.flag);
  if (flag === undefined) return issues;
  if (flag.enabled === false)
    issues.push({ path: 'flag', message: `flag "${plan.flag}" is disabled (kill switch); enable it first` });
  const weight = canaryWeight(flag, plan);
  if (weight === undefined) {
    issues.push({
      path: 'flag',
      message: `flag "${plan.flag}" serves everyone ${describeServe(flag)}, not ${plan.stable}, ${plan.canary} or a split of the two`,
    });
  }
  return issues.length > 0 || weight === undefined ? issues : weight;
}

/**
 * What keeps `plan` from starting on the flag as configured (empty when it fits): the checks
 * `start()` makes, for a pipeline that validates a plan before it deploys.
 */
export function planFitIssues(config: FlagsConfig | undefined, plan: RolloutPlan): ValidationIssue[] {
  const fit = fitFlag(config, plan);
  return typeof fit === 'number' ? [] : fit;
}

/** The flag exists and has both arms as variations. */
function armIssues(config: FlagsConfig | undefined, plan: RolloutPlan): ValidationIssue[] {
  const flag = config?.flags.find((candidate) => candidate.key === plan.flag);
  if (flag === undefined) return [{ path: 'flag', message: `no flag "${plan.flag}" in the configuration` }];
  const names = Object.keys(flag.variations);
  return (['stable', 'canary'] as const)
    .filter((arm) => !names.includes(plan[arm]))
    .map((arm) => ({
      path: arm,
      message: `flag "${plan.flag}" has no variation "${plan[arm]}" (it has ${names.join(', ')})`,
    }));
}

/**
 * Gives the canary `weight` percent of the flag's fallthrough, canary declared first so ramps are
 * monotone, by compare-and-set on the configuration version, re-reading after every conflict. Other
 * split settings (coverage, bucketBy, salt, layer) are kept. A flag that core does not track
 * (`isTrackedFlag`: a `track: false` canary, an experiment without `track`) gets `track: true`, so
 * that the middleware reports each arm's outcomes for the analysis. Writing the weight already in
 * force to a tracked flag writes nothing.
 * @param beforeWrite runs before each write (the fencing check: it throws once the lease is lost)
 * @param audit who and why, for the store's audit log
 * @returns the write's audit entry id (absent when nothing was written or the store keeps no log)
 * @throws RampkitError when the flag or its variations are gone, or conflicts never stop
 */
export async function writeWeight(
  store: ConfigStore,
  plan: RolloutPlan,
  weight: number,
  beforeWrite: () => Promise<void>,
  audit?: AuditInfo,
): Promise<string | undefined> {
  for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
    const snapshot = await store.loadConfig();
    const config = snapshot?.config;
    const issues = armIssues(config, plan);
    if (issues.length > 0) {
      throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', issues.map((issue) => issue.message).join('; '));
    }
    const flags = (config as FlagsConfig).flags;
    const index = flags.findIndex((flag) => flag.key === plan.flag);
    const flag = flags[index] as FlagDefinition;
    const updated = withWeight(flag, plan, weight);
    if (updated === flag) return undefined;
    await beforeWrite();
    const next: FlagsConfig = {
      ...(config as FlagsConfig),
      flags: flags.map((f, i) => (i === index ? updated : f)),
    };
    try {
      const written = await store.writeConfig(next, {
        expectedVersion: snapshot?.version ?? 0,
        ...(audit === undefined ? {} : { audit }),
      });
      return written.auditId;
    } catch (error) {
      if (!isConflictError(error)) throw error;
    }
  }
  throw new RampkitError(
    'RAMPKIT_CONFLICT',
    `flag ${plan.flag}: the configuration kept changing during ${MAX_CONFLICTS} attempts to write the split`,
  );
}

/** The flag with the canary at `weight` percent, or the same object when that is already so. */
function withWeight(flag: FlagDefinition, plan: RolloutPlan, weight: number): FlagDefinition {
  const canary = Math.round(weight * 100);
  const weights = [
    { variation: plan.canary, weight: canary },
    { variation: plan.stable, weight: 10_000 - canary },
  ];
  const current = flag.fallthrough.split;
  const tracked = isTrackedFlag(flag);
  if (tracked && current !== undefined && JSON.stringify(current.weights) === JSON.stringify(weights))
    return flag;
  const { variation: _served, ...serve } = flag.fallthrough;
  const split: Split = { ...(current ?? {}), weights };
  return {
    ...flag,
    ...(tracked ? {} : { track: true }),
    fallthrough: { ...serve, split },
    version: (flag.version ?? 1) + 1,
  };
}

function canaryWeight(flag: FlagDefinition, plan: RolloutPlan): number | undefined {
  const { variation, split } = flag.fallthrough;
  if (variation === plan.stable) return 0;
  if (variation === plan.canary) return 100;
  if (split === undefined) return undefined;
  let canary = 0;
  for (const entry of split.weights) {
    if (entry.variation === plan.canary) canary += entry.weight;
    else if (entry.variation !== plan.stable && entry.weight > 0) return undefined;
  }
  return canary / 100;
}

function describeServe(flag: FlagDefinition): string {
  const { variation, split } = flag.fallthrough;
  if (variation !== undefined) return `"${variation}"`;
  return `a split of ${split?.weights.map((entry) => entry.variation).join(', ') ?? 'nothing'}`;
}
