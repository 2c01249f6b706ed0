/** A metric's totals tracked since the last flush, chained to the next metric of the same exposure. */
export class PendingTotals {
  readonly metricKey: string;
  count = 1;
  sum: number;
  next: PendingTotals | undefined = undefined;

  constructor(metricKey: string, value: number) {
    this.metricKey = metricKey;
    this.sum = value;
  }
}

/**
 * One unit's first exposure to one experiment, as this process saw it, and its unflushed totals.
 * It carries the fields of an `ExperimentExposure`, so the tracker queues it for the flush as is.
 */
export class ExposedUnit {
  readonly attribute: string;
  readonly experimentKey: string;
  readonly arm: string;
  readonly unit: string;
  readonly exposedAt: number;
  /** The same unit's exposure to another experiment, in order of exposure. */
  sibling: ExposedUnit | undefined = undefined;
  /** Totals tracked since the last flush, one per metric; undefined while there are none. */
  pending: PendingTotals | undefined = undefined;
  /** Metrics in `pending`. */
  pendingMetrics = 0;

  constructor(attribute: string, experimentKey: string, arm: string, unit: string, exposedAt: number) {
    this.attribute = attribute;
    this.experimentKey = experimentKey;
    this.arm = arm;
    this.unit = unit;
    this.exposedAt = exposedAt;
  }
}

/**
 * The units this process exposed to experiments, by (bucketBy attribute, unit id): what `track` looks
 * up to attribute an event. Bounded by `maxUnits` units; past it the oldest unit is forgotten, and
 * events it then tracks are not attributed until it is exposed again. The tracker bounds unit ids in
 * length, so an entry's size is bounded too.
 *
 * Units are found by attribute, then by the id as the context holds it: no key is built per lookup,
 * and an id string hashes once. The order of arrival is kept in a ring beside the Maps, so forgetting
 * the oldest costs the same at any size. Asking a Map for its first key instead costs a step per
 * entry deleted since its last rehash (V8 leaves deleted slots in place and iteration skips them):
 * tens of microseconds per exposure once a full ledger has turned over (bench/README.md, "Tracking").
 */
export class UnitLedger {
  /** By attribute, by unit id: the unit's first exposure, the head of its chain of siblings. */
  readonly #units = new Map<string, Map<string, ExposedUnit>>();
  readonly #maxUnits: number;
  #size = 0;
  /** Heads in order of arrival; once `maxUnits` long, `#oldest` is where the next one overwrites. */
  #order: ExposedUnit[] = [];
  #oldest = 0;
  /** The distinct bucketBy attributes of exposed experiments: usually one. */
  readonly attributes: string[] = [];

  constructor(maxUnits: number) {
    // NaN and negative bounds remember nothing, as 0 does.
    this.#maxUnits = Math.max(0, Math.floor(maxUnits) || 0);
  }

  get size(): number {
    return this.#size;
  }

  /** The unit's exposure to the experiment, recorded now unless one was already known (first wins). */
  expose(
    attribute: string,
    unit: string,
    experimentKey: string,
    arm: string,
    exposedAt: number,
  ): ExposedUnit | undefined {
    let units = this.#units.get(attribute);
    if (units === undefined) {
      units = new Map();
      this.#units.set(attribute, units);
      this.attributes.push(attribute);
    }
    const exposed = new ExposedUnit(attribute, experimentKey, arm, unit, exposedAt);
    let known = units.get(unit);
    if (known === undefined) {
      if (this.#remember(exposed)) units.set(unit, exposed);
      return exposed;
    }
    for (;;) {
      if (known.experimentKey === experimentKey) return undefined;
      if (known.sibling === undefined) break;
      known = known.sibling;
    }
    known.sibling = exposed;
    return exposed;
  }

  /** Whether the unit's exposure to the experiment is known. */
  knows(attribute: string, unit: string, experimentKey: string): boolean {
    for (let e = this.exposuresOf(attribute, unit); e !== undefined; e = e.sibling) {
      if (e.experimentKey === experimentKey) return true;
    }
    return false;
  }

  /** The unit's first exposure under one attribute; its `sibling` chain holds the others. */
  exposuresOf(attribute: string, unit: string): ExposedUnit | undefined {
    return this.#units.get(attribute)?.get(unit);
  }

  clear(): void {
    this.#units.clear();
    this.#size = 0;
    this.#order = [];
    this.#oldest = 0;
  }

  /**
   * Appends a new unit to the order of arrival, forgetting the oldest unit when the ledger is full.
   * False when nothing is to be remembered (`maxUnits` 0).
   */
  #remember(head: ExposedUnit): boolean {
    if (this.#order.length < this.#maxUnits) {
      this.#order.push(head);
      this.#size += 1;
      return true;
    }
    if (this.#maxUnits === 0) return false;
    const oldest = this.#order[this.#oldest]!;
    this.#units.get(oldest.attribute)?.delete(oldest.unit);
    this.#order[this.#oldest] = head;
    this.#oldest = this.#oldest + 1 === this.#maxUnits ? 0 : this.#oldest + 1;
    return true;
  }
}
