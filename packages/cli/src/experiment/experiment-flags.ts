import type { ExperimentUnitRow, FlagDefinition, FlagsConfig, Split } from '@rampkit/core';

/**
 * `running`: enabled and splitting units between arms; `off`: disabled (everyone gets the off
 * variation); `not splitting`: enabled but serving one variation to everyone (shipped or not started).
 */
export type ExperimentStatus = 'running' | 'off' | 'not splitting';

/** A flag read as an experiment: its arms are the variations of the split it serves. */
export interface ExperimentFlag {
  key: string;
  /** The split's variations with their weights in basis points; empty when it serves no split. */
  arms: Array<{ key: string; weight: number }>;
  status: ExperimentStatus;
  /** Served when the flag is off: the natural control. */
  offVariation: string;
  description?: string;
}

/**
 * The flags that are experiments: every `kind: 'experiment'` flag, and every plain flag that serves
 * a split (each unit it places is in the experiment: core's `inExperiment`). Canary flags serve
 * splits too but are rollouts, judged by the controller, so they are left out.
 */
export function experimentFlags(config: FlagsConfig | undefined): ExperimentFlag[] {
  const found: ExperimentFlag[] = [];
  for (const flag of config?.flags ?? []) {
    const kind = flag.kind ?? 'flag';
    if (kind === 'canary') continue;
    const split = servedSplit(flag);
    if (kind !== 'experiment' && split === undefined) continue;
    found.push({
      key: flag.key,
      arms: split?.weights.map((entry) => ({ key: entry.variation, weight: entry.weight })) ?? [],
      status: flag.enabled === false ? 'off' : split === undefined ? 'not splitting' : 'running',
      offVariation: flag.offVariation,
      ...(flag.description === undefined ? {} : { description: flag.description }),
    });
  }
  return found;
}

/** The split the fallthrough serves, else the first rule's: where an A/B test's traffic is divided. */
function servedSplit(flag: FlagDefinition): Split | undefined {
  return flag.fallthrough.split ?? flag.rules?.find((rule) => rule.split !== undefined)?.split;
}

/** Exposed units per arm, in the order arms are listed, then any arm the flag no longer serves. */
export function unitsPerArm(
  arms: readonly { key: string }[],
  rows: readonly Pick<ExperimentUnitRow, 'arm'>[],
): Array<{ arm: string; units: number }> {
  const counts = new Map<string, number>(arms.map((arm) => [arm.key, 0]));
  for (const row of rows) counts.set(row.arm, (counts.get(row.arm) ?? 0) + 1);
  return [...counts].map(([arm, units]) => ({ arm, units }));
}
