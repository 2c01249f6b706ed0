import { ArrivalRing } from '../internal/arrival-ring.js';

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
 * the oldest costs the same at any size (core's ArrivalRing says why a Map's first key would not).
 */
export class UnitLedger {
  /** By attribute, by unit id: the unit's first exposure, the head of its chain of siblings. */
  readonly #units = new Map<string, Map<string, ExposedUnit>>();
  /** Heads in order of arrival. */
  readonly #order: ArrivalRing<ExposedUnit>;
  /** The distinct bucketBy attributes of exposed experiments: usually one. */
  readonly attributes: string[] = [];

  constructor(maxUnits: number) {
    this.#order = new ArrivalRing(maxUnits);
  }

  get size(): number {
    return this.#order.length;
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
    this.#order.clear();
  }

  /**
   * Appends a new unit to the order of arrival, forgetting the oldest unit when the ledger is full.
   * False when nothing is to be remembered (`maxUnits` 0).
   */
  #remember(head: ExposedUnit): boolean {
    const gone = this.#order.admit(head);
    if (gone === head) return false;
    if (gone !== undefined) this.#units.get(gone.attribute)?.delete(gone.unit);
    return true;
  }
}
