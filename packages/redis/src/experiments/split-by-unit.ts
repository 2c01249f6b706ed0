import type { ExperimentDataBatch, ExperimentExposure, UnitMetricIncrement } from '@rampkit/core';

/**
 * Most records (exposures and increments) one script applies. A larger batch (a flush after a long
 * outage) is applied in several scripts: each script's arguments are passed in one call (120,000 of
 * them overflowed the stack at 20,000 units), and each script blocks Redis while it runs.
 */
export const MAX_RECORDS_PER_SCRIPT = 1_000;

export interface BatchPart {
  exposures: ExperimentExposure[];
  increments: UnitMetricIncrement[];
}

/**
 * The batch cut into parts of at most MAX_RECORDS_PER_SCRIPT records, each (experiment, unit)'s
 * exposures and increments in one part and in their order (only a unit with more records than one
 * part holds is spread over consecutive parts, its exposures first). The same batch always yields the same parts, so their write ids hold on a retry.
 */
export function splitByUnit(batch: ExperimentDataBatch): BatchPart[] {
  if (batch.exposures.length + batch.increments.length <= MAX_RECORDS_PER_SCRIPT) return [batch];
  const byUnit = new Map<string, BatchPart>();
  const partOf = (experimentKey: string, unit: string): BatchPart => {
    const key = `${experimentKey.length}:${experimentKey}${unit}`;
    let part = byUnit.get(key);
    if (part === undefined) {
      part = { exposures: [], increments: [] };
      byUnit.set(key, part);
    }
    return part;
  };
  for (const e of batch.exposures) partOf(e.experimentKey, e.unit).exposures.push(e);
  for (const i of batch.increments) partOf(i.experimentKey, i.unit).increments.push(i);
  const parts: BatchPart[] = [];
  let current: BatchPart = { exposures: [], increments: [] };
  let records = 0;
  const cut = (): void => {
    parts.push(current);
    current = { exposures: [], increments: [] };
    records = 0;
  };
  for (const unit of byUnit.values()) {
    if (records > 0 && records + unit.exposures.length + unit.increments.length > MAX_RECORDS_PER_SCRIPT) {
      cut();
    }
    // Only a unit with more records than one script takes is cut, in order: exposures first.
    for (const e of unit.exposures) {
      if (records === MAX_RECORDS_PER_SCRIPT) cut();
      current.exposures.push(e);
      records += 1;
    }
    for (const i of unit.increments) {
      if (records === MAX_RECORDS_PER_SCRIPT) cut();
      current.increments.push(i);
      records += 1;
    }
  }
  if (records > 0) parts.push(current);
  return parts;
}
