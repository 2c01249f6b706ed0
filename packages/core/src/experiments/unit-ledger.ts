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
 * up to attribute an event. Bounded by `maxUnits` keys; past it the oldest unit is forgotten, and
 * events it then tracks are not attributed until it is exposed again. The tracker bounds unit ids in
 * length, so an entry's size is bounded too.
 *
 * The order of arrival is kept in a ring of keys beside the Map, so forgetting the oldest costs the
 * same at any size. Asking the Map for its first key instead costs a step per entry deleted since
 * its last rehash (V8 leaves deleted slots in place and iteration skips them): tens of microseconds
 * per exposure once a full ledger has turned over (bench/README.md, "Tracking").
 */
export class UnitLedger {
  readonly #units = new Map<string, ExposedUnit[]>();
  readonly #maxUnits: number;
  /** Keys in order of arrival; once `maxUnits` long, `#oldest` is where the next key overwrites. */
  #order: string[] = [];
  #oldest = 0;
  /** The distinct bucketBy attributes of exposed experiments: usually one. */
  readonly attributes: string[] = [];

  constructor(maxUnits: number) {
    // NaN and negative bounds remember nothing, as 0 does.
    this.#maxUnits = Math.max(0, Math.floor(maxUnits) || 0);
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
      if (this.#remember(key)) this.#units.set(key, exposures);
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
    this.#order = [];
    this.#oldest = 0;
  }

  /**
   * Appends a new key to the order of arrival, forgetting the oldest unit when the ledger is full.
   * False when nothing is to be remembered (`maxUnits` 0).
   */
  #remember(key: string): boolean {
    if (this.#order.length < this.#maxUnits) {
      this.#order.push(key);
      return true;
    }
    if (this.#maxUnits === 0) return false;
    this.#units.delete(this.#order[this.#oldest]!);
    this.#order[this.#oldest] = key;
    this.#oldest = this.#oldest + 1 === this.#maxUnits ? 0 : this.#oldest + 1;
    return true;
  }
}
