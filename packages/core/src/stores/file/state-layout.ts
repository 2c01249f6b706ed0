import type { HistogramData, MetricsWindow } from '../../metrics/types.js';
import type { ConfigIdentity } from '../rules/config-version.js';
import type { StoredDocument } from '../rules/documents.js';
import type { LeaseTable } from '../rules/lease.js';
import type { Lease } from '../types.js';

/** The file state store's data as its rules see it, whatever the layout on disk. */
export interface StateData {
  documents: Record<string, StoredDocument>;
  leases: LeaseTable;
  /** Metrics windows summed per (flag, variation, windowStart). */
  metrics: MetricsWindow[];
  /** The version last given to the flags file's configuration, and that configuration's digest. */
  config?: ConfigIdentity;
}

export function emptyState(): StateData {
  return { documents: {}, leases: { leases: {}, lastTokens: {} }, metrics: [] };
}

/** The layout written now. Readers take it and every older one. */
export const STATE_SCHEMA = 2;

/**
 * Schema 2 on disk. It is rewritten whole on every metrics flush, so windows, the bulk of it, are
 * compact: grouped by flag and variation, each one a row of numbers, and its latency buckets a run
 * list (see `encodeBuckets`). A window takes about a third of its schema 1 size (bench/state-file).
 */
interface StateFileV2 {
  schema: 2;
  documents: Record<string, StoredDocument>;
  leases: Record<string, Lease>;
  lastTokens: Record<string, number>;
  /** [flagKey, variation, rows]; a row is WindowRow. Arrays, so no flag key can name a prototype. */
  metrics: [string, string, WindowRow[]][];
  /** Absent in files written before versions were kept here: the next read numbers the flags 1. */
  config?: ConfigIdentity;
}

/** [windowStart, windowMs, requests, errors, aborted, count, sum, min, max, buckets (run list)] */
type WindowRow = [number, number, number, number, number, number, number, number, number, number[]];

/** Schema 1: every window spelled out as a MetricsWindow object, its buckets keyed by index. */
interface StateFileV1 {
  schema: 1;
  documents: Record<string, StoredDocument>;
  leases: Record<string, Lease>;
  lastTokens: Record<string, number>;
  metrics: MetricsWindow[];
}

export function encodeState(data: StateData): string {
  const groups = new Map<string, [string, string, WindowRow[]]>();
  for (const window of data.metrics) {
    const key = JSON.stringify([window.flagKey, window.variation]);
    let group = groups.get(key);
    if (group === undefined) {
      group = [window.flagKey, window.variation, []];
      groups.set(key, group);
    }
    const { latency } = window;
    group[2].push([
      window.windowStart,
      window.windowMs,
      window.requests,
      window.errors,
      window.aborted,
      latency.count,
      latency.sum,
      latency.min,
      latency.max,
      encodeBuckets(latency.buckets),
    ]);
  }
  for (const group of groups.values()) group[2].sort((a, b) => a[0] - b[0]);
  const file: StateFileV2 = {
    schema: 2,
    documents: data.documents,
    leases: data.leases.leases as Record<string, Lease>,
    lastTokens: data.leases.lastTokens as Record<string, number>,
    metrics: [...groups.values()],
    ...(data.config === undefined ? {} : { config: data.config }),
  };
  return `${JSON.stringify(file)}\n`;
}

/**
 * The data in a state file of any known schema.
 * @throws Error saying what is wrong, when the text is not a state file this version can read
 */
export function decodeState(text: string): StateData {
  const file = JSON.parse(text) as StateFileV1 | StateFileV2;
  if (!isObject(file)) throw new Error('not a JSON object');
  if (file.schema !== 1 && file.schema !== STATE_SCHEMA) {
    throw new Error(
      `unknown schema ${String((file as { schema: unknown }).schema)} (this version reads 1 and 2)`,
    );
  }
  for (const field of ['documents', 'leases', 'lastTokens'] as const) {
    if (!isObject(file[field])) throw new Error(`${field} must be an object`);
  }
  if (!Array.isArray(file.metrics)) throw new Error('metrics must be an array');
  const leases: LeaseTable = { leases: file.leases, lastTokens: file.lastTokens };
  if (file.schema === 1) return { documents: file.documents, leases, metrics: file.metrics };
  const data: StateData = { documents: file.documents, leases, metrics: file.metrics.flatMap(decodeGroup) };
  if (file.config !== undefined) data.config = decodeIdentity(file.config);
  return data;
}

function decodeIdentity(value: unknown): ConfigIdentity {
  const { version, digest } = (isObject(value) ? value : {}) as Record<string, unknown>;
  if (
    typeof version !== 'number' ||
    !Number.isSafeInteger(version) ||
    version < 1 ||
    typeof digest !== 'string'
  ) {
    throw new Error('config must be { version: a positive integer, digest: a string }');
  }
  return { version, digest };
}

function decodeGroup(group: unknown, at: number): MetricsWindow[] {
  if (
    !Array.isArray(group) ||
    typeof group[0] !== 'string' ||
    typeof group[1] !== 'string' ||
    !Array.isArray(group[2])
  ) {
    throw new Error(`metrics[${at}] must be [flagKey, variation, rows]`);
  }
  const [flagKey, variation, rows] = group as [string, string, unknown[]];
  return rows.map((row, i) => {
    if (
      !Array.isArray(row) ||
      row.length !== 10 ||
      !row.slice(0, 9).every(Number.isFinite) ||
      !Array.isArray(row[9])
    ) {
      throw new Error(`metrics[${at}] row ${i} must be 9 numbers and a bucket list`);
    }
    const [windowStart, windowMs, requests, errors, aborted, count, sum, min, max, runs] = row as WindowRow;
    return {
      flagKey,
      variation,
      windowStart,
      windowMs,
      requests,
      errors,
      aborted,
      latency: { buckets: decodeBuckets(runs, `metrics[${at}] row ${i}`), count, sum, min, max },
    };
  });
}

/**
 * A histogram's buckets as a run list: the first used index, then each used bucket's count in index
 * order, with a negative number −k where k empty buckets are skipped. Latencies fill neighbouring
 * buckets, so most entries are one small count: about 3 characters a bucket instead of 9.
 */
export function encodeBuckets(buckets: HistogramData['buckets']): number[] {
  const entries = Object.entries(buckets)
    .map(([index, count]) => [Number(index), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  if (entries.length === 0) return [];
  const runs: number[] = [entries[0]![0]];
  let next = entries[0]![0];
  for (const [index, count] of entries) {
    if (index > next) runs.push(next - index);
    runs.push(count);
    next = index + 1;
  }
  return runs;
}

export function decodeBuckets(runs: readonly unknown[], where: string): HistogramData['buckets'] {
  const buckets: HistogramData['buckets'] = {};
  if (runs.length === 0) return buckets;
  let index = runs[0];
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new Error(`${where}: buckets must start with a bucket index`);
  }
  for (let i = 1; i < runs.length; i++) {
    const value = runs[i];
    if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) {
      throw new Error(`${where}: bucket entry ${i} must be a count or a negative skip`);
    }
    if (value < 0) {
      index -= value;
    } else {
      buckets[index] = value;
      index += 1;
    }
  }
  return buckets;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
