import { type ArmMetrics, isRampkitError, type MetricsStore } from '@rampkit/core';
import type { HistoryEntry, RolloutStatus } from '@rampkit/rollout';
import { isFinished } from './describe.js';
import type { ArmSnapshot, ProgressView } from './view.js';

export interface WatchOptions {
  id: string;
  /** Reads the rollout (a controller's `status`). */
  status: (id: string) => Promise<RolloutStatus>;
  /** Reads its history (a controller's `history`). */
  history: (id: string) => Promise<HistoryEntry[]>;
  /** Where the arms' metrics are read from. */
  metrics: MetricsStore;
  view: ProgressView;
  /** The rollout's clock. @default Date.now */
  now?: () => number;
  /** Real milliseconds between looks. @default 1000 */
  refreshMs?: number;
  /** Stop watching after this many real milliseconds. @default no limit */
  timeoutMs?: number;
  /** Stops the watch (Ctrl-C). */
  signal?: AbortSignal;
  /** A store that stops answering is waited for this long before the watch fails. @default 30_000 */
  storeGraceMs?: number;
  /** Told once per outage while the store does not answer. */
  onStoreError?: (error: Error) => void;
  /** Stop watching once the rollout is paused (nobody will resume it, as in the demo). @default false */
  untilPaused?: boolean;
}

export type WatchResult =
  | { outcome: 'ended'; status: RolloutStatus }
  | { outcome: 'paused'; status: RolloutStatus }
  | { outcome: 'timeout'; status: RolloutStatus }
  | { outcome: 'interrupted'; status: RolloutStatus };

/**
 * Follows a rollout until it is promoted, rolled back or aborted: each look reads its status, the
 * history entries not yet shown and both arms' totals, and hands them to the view. It only
 * watches; whoever holds the rollout's lease drives it.
 * @throws StoreUnavailableError when the store has not answered for `storeGraceMs`
 * @throws RolloutNotFoundError when the rollout does not exist
 */
export async function watchRollout(options: WatchOptions): Promise<WatchResult> {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 1000;
  const graceMs = options.storeGraceMs ?? 30_000;
  const deadline =
    options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  let shown = 0;
  let failingSince: number | null = null;
  let status: RolloutStatus | undefined;
  for (;;) {
    try {
      status = await options.status(options.id);
      const entries = (await options.history(options.id)).filter((entry) => entry.seq > shown);
      const arms = await readArms(options.metrics, status, now());
      failingSince = null;
      shown = entries.at(-1)?.seq ?? shown;
      options.view.entries(entries, status.createdAt);
      options.view.frame({ status, arms, now: now() });
    } catch (error) {
      if (!isRampkitError(error) || error.code !== 'RAMPKIT_STORE_UNAVAILABLE' || status === undefined)
        throw error;
      if (failingSince === null) {
        failingSince = Date.now();
        options.onStoreError?.(error);
      }
      if (Date.now() - failingSince > graceMs) throw error;
    }
    if (isFinished(status)) {
      const settled = await settle(options, status);
      options.view.end();
      return { outcome: 'ended', status: settled };
    }
    if (options.untilPaused === true && status.status === 'paused') {
      options.view.end();
      return { outcome: 'paused', status };
    }
    if (Date.now() >= deadline) return { outcome: 'timeout', status };
    if (await sleep(refreshMs, options.signal)) return { outcome: 'interrupted', status };
  }
}

/** The most a rollout that ended is waited for until its final split is written. */
const SETTLE_MS = 10_000;

/**
 * A rollout ends in its state first and in its flag's split a moment later (the controller's next
 * write): wait for that, so that what is reported is what the flag serves.
 */
async function settle(options: WatchOptions, ended: RolloutStatus): Promise<RolloutStatus> {
  let status = ended;
  const deadline = Date.now() + SETTLE_MS;
  while (status.weight !== status.targetWeight && Date.now() < deadline) {
    if (await sleep(100, options.signal)) break;
    status = await options.status(options.id).catch(() => status);
  }
  return status;
}

/** Both arms' totals since the rollout began. */
export async function readArms(
  metrics: MetricsStore,
  status: RolloutStatus,
  now: number,
): Promise<{ stable: ArmSnapshot; canary: ArmSnapshot }> {
  const arms = await metrics.readMetrics({ flagKey: status.flag, from: status.createdAt, to: now + 1 });
  return { stable: snapshotOf(arms, status.stable), canary: snapshotOf(arms, status.canary) };
}

function snapshotOf(arms: readonly ArmMetrics[], variation: string): ArmSnapshot {
  const arm = arms.find((candidate) => candidate.variation === variation);
  if (arm === undefined) return { requests: 0, errors: 0, errorRate: 0, p50: Number.NaN, p95: Number.NaN };
  return { requests: arm.requests, errors: arm.errors, errorRate: arm.errorRate, p50: arm.p50, p95: arm.p95 };
}

/** Resolves true when aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
