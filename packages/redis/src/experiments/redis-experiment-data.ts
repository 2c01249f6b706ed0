import type {
  ExperimentDataBatch,
  ExperimentExposure,
  ExperimentUnitRow,
  UnitMetricIncrement,
  UnitMetricTotals,
} from '@rampkit/core';
import type { Connection } from '../connection/connection.js';
import type { KeySpace } from '../keys.js';
import type { RampkitCommands } from '../scripts/commands.js';
import { splitByUnit } from './split-by-unit.js';

/** How long a write id is remembered: retries of a failed flush come within minutes. */
const WRITE_ID_TTL_MS = 86_400_000;

/** Entries read per HSCAN call. */
const SCAN_COUNT = 1_000;

/**
 * Experiments' exposures and per-unit totals (core's `ExperimentDataStore`). Per experiment three
 * hashes: exposures (unit → first exposure), totals (two fields per unit and metric: count and sum)
 * and a per-unit metric counter that caps a unit at 64 metrics. A batch is one Lua script
 * (WRITE_EXPERIMENT_DATA) per MAX_RECORDS_PER_SCRIPT records, and a unit's records are never split
 * between scripts, so each unit's update is atomic across processes. Redis sees
 * ⌈records / MAX_RECORDS_PER_SCRIPT⌉ commands per flush, where records are the flush's new exposures
 * and its distinct (unit, metric) pairs: flat in the event rate. Keys expire `retentionMs` after
 * their last write.
 *
 * Memory per unit: its exposure field (unit id, time, arm) plus per metric two fields named by the
 * URI-encoded unit id and the metric key; unit ids are at most 128 characters (core's tracker).
 */
export class RedisExperimentData {
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #keys: KeySpace;
  readonly #retentionMs: number;

  constructor(connection: Connection, commands: RampkitCommands, keys: KeySpace, retentionMs: number) {
    this.#connection = connection;
    this.#commands = commands;
    this.#keys = keys;
    this.#retentionMs = retentionMs;
  }

  /**
   * Applies the batch in scripts of at most MAX_RECORDS_PER_SCRIPT records, one after another. Each
   * script carries its own write id, derived from the batch's, so a retry of a batch that failed
   * half-way skips the scripts already applied.
   * @throws StoreUnavailableError when Redis cannot be reached in time (the tracker retries the batch)
   */
  async write(batch: ExperimentDataBatch): Promise<void> {
    const parts = splitByUnit(batch);
    for (const [i, part] of parts.entries()) {
      const writeId = parts.length === 1 ? batch.writeId : `${batch.writeId}/${i}`;
      await this.#writeScript(writeId, part.exposures, part.increments);
    }
  }

  async #writeScript(
    writeId: string,
    exposures: readonly ExperimentExposure[],
    increments: readonly UnitMetricIncrement[],
  ): Promise<void> {
    const keys = [this.#keys.experimentWrite(writeId)];
    const indexOf = new Map<string, number>();
    const index = (experimentKey: string): string => {
      let at = indexOf.get(experimentKey);
      if (at === undefined) {
        at = keys.length + 1;
        indexOf.set(experimentKey, at);
        keys.push(
          this.#keys.experimentExposures(experimentKey),
          this.#keys.experimentTotals(experimentKey),
          this.#keys.experimentMetricCounts(experimentKey),
        );
      }
      return String(at);
    };
    const args = [String(this.#retentionMs), String(WRITE_ID_TTL_MS), String(exposures.length)];
    for (const e of exposures) args.push(index(e.experimentKey), e.unit, e.arm, String(e.exposedAt));
    for (const i of increments) {
      args.push(
        index(i.experimentKey),
        i.unit,
        i.arm,
        totalsField(i.unit, i.metricKey),
        String(i.count),
        String(i.sum),
      );
    }
    await this.#connection.run('write experiment data', () =>
      this.#commands.rampkitWriteExperimentData(keys.length, ...keys, ...args),
    );
  }

  /** @throws StoreUnavailableError when Redis cannot be reached in time */
  async read(experimentKey: string): Promise<ExperimentUnitRow[]> {
    return this.#connection.run('read experiment data', async (client) => {
      const rows = new Map<string, ExperimentUnitRow>();
      await scan(client, this.#keys.experimentExposures(experimentKey), (unit, value) => {
        const space = value.indexOf(' ');
        rows.set(unit, {
          unit,
          arm: value.slice(space + 1),
          exposedAt: Number(value.slice(0, space)),
          metrics: {},
        });
      });
      await scan(client, this.#keys.experimentTotals(experimentKey), (field, value) => {
        const space = field.indexOf(' ');
        const row = rows.get(decodeURIComponent(field.slice(1, space)));
        if (row === undefined) return;
        const metricKey = field.slice(space + 1);
        const totals: UnitMetricTotals = row.metrics[metricKey] ?? { count: 0, sum: 0 };
        if (field[0] === 'c') totals.count = Number(value);
        else totals.sum = Number(value);
        row.metrics[metricKey] = totals;
      });
      return [...rows.values()];
    });
  }
}

/** A unit's metric in the totals hash: URI-encoded (so without spaces) unit id, a space, the metric key. */
function totalsField(unit: string, metricKey: string): string {
  return `${encodeURIComponent(unit)} ${metricKey}`;
}

type Scanner = {
  hscan(key: string, cursor: string, match: 'COUNT', count: number): Promise<[string, string[]]>;
};

async function scan(
  client: unknown,
  key: string,
  each: (field: string, value: string) => void,
): Promise<void> {
  let cursor = '0';
  do {
    const [next, entries] = await (client as Scanner).hscan(key, cursor, 'COUNT', SCAN_COUNT);
    for (let i = 0; i + 1 < entries.length; i += 2) each(entries[i]!, entries[i + 1]!);
    cursor = next;
  } while (cursor !== '0');
}
