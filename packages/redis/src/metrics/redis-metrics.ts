import {
  type ArmMetrics,
  type MetricsQuery,
  type MetricsWindow,
  mergeWindowReports,
  RampkitError,
  summarizeArms,
} from '@rampkit/core';
import type { Connection } from '../connection/connection.js';
import type { KeySpace } from '../keys.js';
import { decodeEntry, encodeEntry } from './window-entry.js';

/**
 * Metrics windows from every instance. Each flush writes one hash field per window to the hash of
 * its (flag, window start) and records the window start in the flag's index, all in one MULTI, so
 * Redis sees one round trip per instance per flush whatever the request rate. Readers merge the
 * entries of every instance and flush with core's `summarizeArms`. Keys expire `retentionMs` after
 * their last write.
 *
 * The field is the window's `writeId`: when a flush times out after Redis applied it, the
 * aggregator's retry carries the same ids with the counts recorded since added, and its HSET
 * replaces the entries the lost flush wrote, so nothing is counted twice.
 */
export class RedisMetrics {
  readonly #connection: Connection;
  readonly #keys: KeySpace;
  readonly #retentionMs: number;
  readonly #now: () => number;
  /** Tells this store's entries from those of others that share an `instanceId`. */
  readonly #writer = Math.random().toString(36).slice(2, 10);
  #sequence = 0;

  constructor(connection: Connection, keys: KeySpace, retentionMs: number, now: () => number) {
    this.#connection = connection;
    this.#keys = keys;
    this.#retentionMs = retentionMs;
    this.#now = now;
  }

  /**
   * Adds the windows to what is stored.
   * @throws StoreUnavailableError when Redis cannot be reached in time (the aggregator keeps the
   *   windows and tries again on its next flush)
   */
  async write(windows: readonly MetricsWindow[]): Promise<void> {
    if (windows.length === 0) return;
    this.#sequence += 1;
    const flush = `${this.#writer}:${this.#sequence}`;
    const ttl = this.#retentionMs;
    const cutoff = this.#now() - ttl;
    const byKey = new Map<string, string[]>();
    const startsByFlag = new Map<string, Set<number>>();
    windows.forEach((window, index) => {
      const key = this.#keys.metricsWindow(window.flagKey, window.windowStart);
      const fields = byKey.get(key) ?? [];
      byKey.set(key, fields);
      fields.push(window.writeId ?? `${flush}:${index}`, encodeEntry(window));
      const starts = startsByFlag.get(window.flagKey) ?? new Set<number>();
      startsByFlag.set(window.flagKey, starts);
      starts.add(window.windowStart);
    });
    await this.#connection.run('write metrics', async (client) => {
      const multi = client.multi();
      for (const [key, fields] of byKey) multi.hset(key, ...fields).pexpire(key, ttl);
      for (const [flagKey, starts] of startsByFlag) {
        const index = this.#keys.metricsIndex(flagKey);
        const members = [...starts].flatMap((start) => [start, String(start)]);
        multi
          .zadd(index, ...members)
          .zremrangebyscore(index, '-inf', `(${cutoff}`)
          .pexpire(index, ttl);
      }
      const results = await multi.exec();
      const failed = results?.find(([error]) => error !== null);
      if (results === null) throw new Error('the metrics transaction was discarded');
      if (failed?.[0]) throw failed[0];
    });
  }

  /**
   * Per-variation totals of one flag over the windows that start in `[from, to)`, merged across
   * instances.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  async read(query: MetricsQuery): Promise<ArmMetrics[]> {
    return summarizeArms(await this.#reports(query));
  }

  /**
   * The windows of one flag that start in `[from, to)`, one per (variation, window start), merged
   * across instances.
   * @throws StoreUnavailableError when Redis cannot be reached in time
   */
  async readWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return mergeWindowReports(await this.#reports(query));
  }

  /** Every instance's report of every window in range: one ZRANGEBYSCORE, then one pipelined HVALS a window. */
  async #reports(query: MetricsQuery): Promise<MetricsWindow[]> {
    const { flagKey, from, to } = query;
    if (!(from < to)) {
      if (Number.isNaN(from) || Number.isNaN(to)) {
        throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `readMetrics: from and to must be numbers`);
      }
      return [];
    }
    return this.#connection.run('read metrics', async (client) => {
      const starts = await client.zrangebyscore(this.#keys.metricsIndex(flagKey), from, `(${to}`);
      if (starts.length === 0) return [];
      const pipeline = client.pipeline();
      for (const start of starts) pipeline.hvals(this.#keys.metricsWindow(flagKey, Number(start)));
      const results = (await pipeline.exec()) ?? [];
      const out: MetricsWindow[] = [];
      results.forEach(([error, values], i) => {
        if (error) throw error;
        const windowStart = Number(starts[i]);
        for (const value of values as string[]) out.push(decodeEntry(value, flagKey, windowStart));
      });
      return out;
    });
  }
}
