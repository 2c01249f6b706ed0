import type { UnitMetricTotals } from './types.js';

/** One unit's first exposure to one experiment, as this process saw it, and its unflushed totals. */
export class ExposedUnit {
  readonly experimentKey: string;
  readonly arm: string;
  readonly unit: string;
  readonly exposedAt: number;
  /** Metric key → totals tracked since the last flush; undefined while there are none. */
  pending: Map<string, UnitMetricTotals> | undefined = undefined;

  constructor(experimentKey: string, arm: string, unit: string, exposedAt: number) {
    this.experimentKey = experimentKey;
    this.arm = arm;
    this.unit = unit;
    this.exposedAt = exposedAt;
  }
}

/**
 * The units this process exposed to experiments, by (bucketBy attribute, unit id): what `track` looks
 * up to attribute an event. Bounded by `maxUnits` keys; past it the oldest unit is forgotten (a Map
 * iterates in insertion order), and events it then tracks are not attributed until it is exposed
 * again. Unit ids are bounded in length by the evaluator, so an entry's size is bounded too.
 */
export class UnitLedger {
  readonly #units = new Map<string, ExposedUnit[]>();
  readonly #maxUnits: number;
  /** The distinct bucketBy attributes of exposed experiments: usually one. */
  readonly attributes: string[] = [];

  constructor(maxUnits: number) {
    this.#maxUnits = maxUnits;
  }

  get size(): number {
    return this.#units.size;
  }

  /** The unit's exposure to the experiment, recorded now unless one was already known (first wins). */
  expose(
    attribute: string,
    unit: string,
    experimentKey: string,
    arm: string,
    exposedAt: number,
  ): ExposedUnit | undefined {
    const key = `${attribute}\u0000${unit}`;
    let exposures = this.#units.get(key);
    if (exposures === undefined) {
      if (!this.attributes.includes(attribute)) this.attributes.push(attribute);
      exposures = [];
      this.#units.set(key, exposures);
      if (this.#units.size > this.#maxUnits) {
        const oldest = this.#units.keys().next();
        if (!oldest.done) this.#units.delete(oldest.value);
      }
    } else {
      for (const known of exposures) if (known.experimentKey === experimentKey) return undefined;
    }
    const exposed = new ExposedUnit(experimentKey, arm, unit, exposedAt);
    exposures.push(exposed);
    return exposed;
  }

  /** Whether the unit's exposure to the experiment is known. */
  knows(attribute: string, unit: string, experimentKey: string): boolean {
    const exposures = this.#units.get(`${attribute}\u0000${unit}`);
    return exposures?.some((known) => known.experimentKey === experimentKey) ?? false;
  }

  /** The experiments the unit was exposed to, under one attribute. */
  exposuresOf(attribute: string, unit: string): readonly ExposedUnit[] | undefined {
    return this.#units.get(`${attribute}\u0000${unit}`);
  }

  clear(): void {
    this.#units.clear();
  }
}
