import { readUnit } from '../conditions/attribute.js';
import { RampkitError } from '../errors/errors.js';
import { toError } from '../errors/to-error.js';
import { unref } from '../internal/unref.js';
import type { EvaluationContext } from '../model/types.js';
import type { ExperimentDataStore } from '../stores/types.js';
import { attributedArm } from './attribution.js';
import type { ExperimentDataBatch, ExperimentExposure, UnitMetricIncrement } from './types.js';
import { type ExposedUnit, PendingTotals, UnitLedger } from './unit-ledger.js';

/**
 * Longest unit id tracked. Ids are kept whole (the store reports rows by unit), so this bounds a
 * ledger entry to a few hundred bytes whatever a client sends; longer ids are neither exposed nor
 * tracked, and counted in `stats.skippedUnits`.
 */
export const MAX_TRACKED_UNIT_LENGTH = 128;

export interface ExperimentTrackerOptions {
  store: ExperimentDataStore;
  /** Period of the background flush, in milliseconds. */
  flushIntervalMs: number;
  /** Units remembered for attribution (see UnitLedger). */
  maxUnits: number;
  /** Distinct metrics per unit and experiment between two flushes; further metrics are dropped and counted. */
  maxMetricsPerUnit: number;
  /** Exposures and increments held while the store is unreachable; past it the oldest batches are dropped. */
  maxPendingRecords: number;
  onError: (error: Error) => void;
}

/** Counters of the tracker, for `client.trackingStats`. */
export interface TrackingStats {
  /** `track` calls accepted. */
  tracked: number;
  /** Events counted for at least one experiment. */
  attributed: number;
  /** `track` calls refused for bad input (each also an `error` event). */
  rejected: number;
  /** Exposures and increments the store accepted. */
  flushedExposures: number;
  flushedIncrements: number;
  /** Exposures, increments and events dropped (store unreachable too long, or a unit's metric bound). */
  droppedExposures: number;
  droppedIncrements: number;
  droppedEvents: number;
  /** Exposures of units whose id is longer than MAX_TRACKED_UNIT_LENGTH: not tracked. */
  skippedUnits: number;
  /** Exposures and increments waiting to be written. */
  pendingRecords: number;
}

/**
 * The hot path behind `client.track`: attributes each event to the experiments its unit was exposed to
 * (attribution.ts) and adds it to that unit's totals in memory; a flush hands exposures and totals to
 * the store in one batch, so store writes grow with units and metrics per flush, never with events.
 *
 * A failed write keeps its batch, unchanged and under its `writeId`, and retries it before anything
 * newer, so a store that applied a write whose reply was lost applies it once. What is held is
 * bounded by `maxPendingRecords`; past it the oldest batches are dropped and an error says how many
 * exposures, increments and events were lost.
 */
export class ExperimentTracker {
  readonly #store: ExperimentDataStore;
  readonly #ledger: UnitLedger;
  readonly #maxMetrics: number;
  readonly #maxPending: number;
  readonly #onError: (error: Error) => void;
  readonly #timer: ReturnType<typeof setInterval>;
  /** Exposures to write, as the ledger holds them: the records are made at the flush. */
  #exposures: ExposedUnit[] = [];
  #dirty: ExposedUnit[] = [];
  #pendingIncrements = 0;
  #pendingEvents = 0;
  /** Batches a write failed for, oldest first, with the events they hold. */
  readonly #retries: { batch: ExperimentDataBatch; events: number }[] = [];
  #retryRecords = 0;
  readonly #writerId = randomWriterId();
  #writes = 0;
  #inFlight: Promise<void> | undefined;
  #closed = false;
  readonly #stats: Omit<TrackingStats, 'pendingRecords'> = {
    tracked: 0,
    attributed: 0,
    rejected: 0,
    flushedExposures: 0,
    flushedIncrements: 0,
    droppedExposures: 0,
    droppedIncrements: 0,
    droppedEvents: 0,
    skippedUnits: 0,
  };

  constructor(options: ExperimentTrackerOptions) {
    this.#store = options.store;
    this.#ledger = new UnitLedger(options.maxUnits);
    this.#maxMetrics = options.maxMetricsPerUnit;
    this.#maxPending = options.maxPendingRecords;
    this.#onError = options.onError;
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    unref(this.#timer);
  }

  get stats(): TrackingStats {
    const pendingRecords = this.#exposures.length + this.#pendingIncrements + this.#retryRecords;
    return { ...this.#stats, pendingRecords };
  }

  /** Records a unit's exposure to an experiment; only its first exposure in this process is kept. */
  expose(attribute: string, unit: string, experimentKey: string, arm: string, exposedAt: number): void {
    if (this.#closed) return;
    if (unit.length > MAX_TRACKED_UNIT_LENGTH) {
      this.#stats.skippedUnits += 1;
      return;
    }
    if (this.#buffered() >= this.#maxPending) {
      // Not remembered either: events of a unit whose exposure was not written would be refused.
      if (!this.#ledger.knows(attribute, unit, experimentKey)) this.#stats.droppedExposures += 1;
      return;
    }
    const exposed = this.#ledger.expose(attribute, unit, experimentKey, arm, exposedAt);
    if (exposed !== undefined) this.#exposures.push(exposed);
  }

  /** Counts a rejected `track` call. */
  reject(): void {
    this.#stats.rejected += 1;
  }

  /**
   * Adds one event to the totals of every experiment its unit was exposed to before it. Returns the
   * unit it was found under (for the `track` event), or undefined when the context names none.
   */
  track(context: EvaluationContext, metricKey: string, value: number, now: number): string | undefined {
    if (this.#closed) return undefined;
    this.#stats.tracked += 1;
    const attributes = this.#ledger.attributes;
    let found: string | undefined;
    let counted = false;
    for (let a = 0; a < attributes.length; a += 1) {
      const attribute = attributes[a]!;
      const unit = readUnit(context, attribute);
      if (unit === undefined) continue;
      found ??= unit;
      for (let exposed = this.#ledger.exposuresOf(attribute, unit); exposed; exposed = exposed.sibling) {
        if (attributedArm(exposed, now) === undefined) continue;
        if (this.#add(exposed, metricKey, value)) counted = true;
      }
    }
    if (counted) {
      this.#stats.attributed += 1;
      this.#pendingEvents += 1;
    }
    return found;
  }

  /** Writes held batches, then what was tracked since. Never rejects; runs one write at a time. */
  flush(): Promise<void> {
    const run = (this.#inFlight ?? Promise.resolve()).then(() => this.#write());
    const tracked: Promise<void> = run.finally(() => {
      if (this.#inFlight === tracked) this.#inFlight = undefined;
    });
    this.#inFlight = tracked;
    return tracked;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
    this.#ledger.clear();
  }

  /**
   * Adds the event to the exposure's totals of the metric. The totals of one exposure are a short
   * chain (a unit tracks a few metrics, at most `maxMetricsPerUnit`): a further event allocates
   * nothing, a unit's first event of a metric one link.
   */
  #add(exposed: ExposedUnit, metricKey: string, value: number): boolean {
    let last: PendingTotals | undefined;
    for (let totals = exposed.pending; totals !== undefined; totals = totals.next) {
      if (totals.metricKey === metricKey) {
        totals.count += 1;
        totals.sum += value;
        return true;
      }
      last = totals;
    }
    if (exposed.pendingMetrics >= this.#maxMetrics || this.#buffered() >= this.#maxPending) {
      this.#stats.droppedEvents += 1;
      return false;
    }
    const totals = new PendingTotals(metricKey, value);
    if (last === undefined) {
      exposed.pending = totals;
      this.#dirty.push(exposed);
    } else {
      last.next = totals;
    }
    exposed.pendingMetrics += 1;
    this.#pendingIncrements += 1;
    return true;
  }

  /** Records tracked since the last flush (the batches held for retry are bounded in `#bound`). */
  #buffered(): number {
    return this.#exposures.length + this.#pendingIncrements;
  }

  async #write(): Promise<void> {
    this.#collectInto();
    while (this.#retries.length > 0) {
      const held = this.#retries[0]!;
      if (!(await this.#send(held.batch))) return;
      this.#retries.shift();
      this.#retryRecords -= records(held.batch);
    }
  }

  /** Moves what was tracked since the last flush into a new batch at the end of the retry queue. */
  #collectInto(): void {
    if (this.#exposures.length === 0 && this.#dirty.length === 0) return;
    const exposures: ExperimentExposure[] = [];
    for (const { experimentKey, unit, arm, exposedAt } of this.#exposures) {
      exposures.push({ experimentKey, unit, arm, exposedAt });
    }
    const increments: UnitMetricIncrement[] = [];
    for (const exposed of this.#dirty) {
      for (let totals = exposed.pending; totals !== undefined; totals = totals.next) {
        increments.push({
          experimentKey: exposed.experimentKey,
          arm: exposed.arm,
          unit: exposed.unit,
          metricKey: totals.metricKey,
          count: totals.count,
          sum: totals.sum,
        });
      }
      exposed.pending = undefined;
      exposed.pendingMetrics = 0;
    }
    const batch: ExperimentDataBatch = {
      writeId: `${this.#writerId}:${++this.#writes}`,
      exposures,
      increments,
    };
    this.#retries.push({ batch, events: this.#pendingEvents });
    this.#retryRecords += records(batch);
    this.#exposures = [];
    this.#dirty = [];
    this.#pendingIncrements = 0;
    this.#pendingEvents = 0;
    this.#bound();
  }

  /** Drops the oldest held batches while more than `maxPendingRecords` records are held, and says so. */
  #bound(): void {
    let exposures = 0;
    let increments = 0;
    let events = 0;
    while (this.#retries.length > 1 && this.#retryRecords > this.#maxPending) {
      const dropped = this.#retries.shift()!;
      this.#retryRecords -= records(dropped.batch);
      exposures += dropped.batch.exposures.length;
      increments += dropped.batch.increments.length;
      events += dropped.events;
    }
    if (exposures + increments === 0) return;
    this.#stats.droppedExposures += exposures;
    this.#stats.droppedIncrements += increments;
    this.#stats.droppedEvents += events;
    this.#report(
      new RampkitError(
        'RAMPKIT_TRACKING_DROPPED',
        `experiment data store unreachable for too long: dropped ${exposures} exposures and ${increments} unit totals (${events} tracked events) beyond maxPendingTrackRecords (${this.#maxPending})`,
      ),
    );
  }

  /** True when the store took the batch; false (reported) when the write failed. */
  async #send(batch: ExperimentDataBatch): Promise<boolean> {
    try {
      await this.#store.writeExperimentData(batch);
      this.#stats.flushedExposures += batch.exposures.length;
      this.#stats.flushedIncrements += batch.increments.length;
      return true;
    } catch (error) {
      this.#report(error);
      return false;
    }
  }

  #report(error: unknown): void {
    try {
      this.#onError(toError(error));
    } catch {
      // A throwing error handler must not break tracking or flushing.
    }
  }
}

function records(batch: ExperimentDataBatch): number {
  return batch.exposures.length + batch.increments.length;
}

/** Twelve random base-36 characters: write ids of two processes do not meet. */
function randomWriterId(): string {
  let id = '';
  while (id.length < 12) id += Math.random().toString(36).slice(2);
  return id.slice(0, 12);
}
