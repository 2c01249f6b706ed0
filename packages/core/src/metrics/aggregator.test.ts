import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRampkitError } from '../errors/errors.js';
import type { MetricsStore } from '../stores/types.js';
import { MetricsAggregator, type MetricsAggregatorOptions } from './aggregator.js';
import { summarizeArms } from './summarize.js';
import type { ArmMetrics, MetricsQuery, MetricsWindow } from './types.js';
import { mergeWindowReports } from './windows.js';

/** A metrics store that keeps every batch it is given; writes can be made to fail or to wait. */
class FakeStore implements MetricsStore {
  readonly batches: MetricsWindow[][] = [];
  /** Each write pops one entry: an error fails it, a promise holds it until settled. */
  readonly script: Array<Error | Promise<void>> = [];
  calls = 0;
  concurrent = 0;
  maxConcurrent = 0;

  async writeMetrics(windows: readonly MetricsWindow[]): Promise<void> {
    this.calls += 1;
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      const step = this.script.shift();
      if (step instanceof Error) throw step;
      if (step !== undefined) await step;
      this.batches.push(structuredClone([...windows]));
    } finally {
      this.concurrent -= 1;
    }
  }

  async readMetrics(query: MetricsQuery): Promise<ArmMetrics[]> {
    return summarizeArms(await this.readMetricsWindows(query));
  }

  async readMetricsWindows(query: MetricsQuery): Promise<MetricsWindow[]> {
    return mergeWindowReports(
      this.batches
        .flat()
        .filter(
          (w) => w.flagKey === query.flagKey && w.windowStart >= query.from && w.windowStart < query.to,
        ),
    );
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An aggregator on a hand-driven clock; `at(ms)` moves the clock. */
function setup(options: Omit<MetricsAggregatorOptions, 'now'> = {}) {
  let now = 0;
  const aggregator = new MetricsAggregator({ windowMs: 10_000, ...options, now: () => now });
  const at = (ms: number) => {
    now = ms;
    return aggregator;
  };
  return { aggregator, at };
}

const starts = (windows: readonly MetricsWindow[]) => windows.map((w) => w.windowStart);

afterEach(() => {
  vi.useRealTimers();
});

describe('record counts outcomes per (flag, variation, window) in memory', () => {
  it('keys windows by the start of the window each outcome falls in', () => {
    const { aggregator, at } = setup({ instanceId: 'web-1' });
    at(1_000).record('checkout', 'stable', { latencyMs: 12 });
    at(9_999).record('checkout', 'stable', { error: true, latencyMs: 30 });
    at(5_000).record('checkout', 'canary', { aborted: true, latencyMs: 99 });
    at(10_000).record('checkout', 'stable', { latencyMs: 8 });
    at(10_500).record('search', 'on', {});

    const windows = aggregator.snapshot();
    expect(
      windows.map((w) => [w.windowStart, w.flagKey, w.variation, w.requests, w.errors, w.aborted]),
    ).toEqual([
      [0, 'checkout', 'stable', 2, 1, 0],
      [0, 'checkout', 'canary', 0, 0, 1],
      [10_000, 'checkout', 'stable', 1, 0, 0],
      [10_000, 'search', 'on', 1, 0, 0],
    ]);
    expect(windows.map((w) => w.latency.count)).toEqual([2, 0, 1, 0]);
    expect(windows[0]?.latency).toMatchObject({ min: 12, max: 30, sum: 42 });
    expect(windows.every((w) => w.windowMs === 10_000 && w.instanceId === 'web-1')).toBe(true);
    expect(aggregator.stats).toEqual({
      recorded: 5,
      flushedWindows: 0,
      dropped: 0,
      pendingWindows: 4,
      flushFailures: 0,
    });
  });

  it('recordAll counts the outcome once per (flag, variation) pair, with one clock read', () => {
    let reads = 0;
    const aggregator = new MetricsAggregator({
      now: () => {
        reads += 1;
        return 12_345;
      },
    });
    aggregator.recordAll(['checkout', 'on', 'payments', 'canary'], { error: true, latencyMs: 4 });
    aggregator.recordAll([], {});
    expect(reads).toBe(2);
    expect(
      aggregator.snapshot().map((w) => [w.windowStart, w.flagKey, w.variation, w.requests, w.errors]),
    ).toEqual([
      [10_000, 'checkout', 'on', 1, 1],
      [10_000, 'payments', 'canary', 1, 1],
    ]);
    expect(aggregator.stats.recorded).toBe(2);
  });

  it('lands every outcome in its own window when the clock goes back and forth, and after a flush', async () => {
    const store = new FakeStore();
    const { aggregator, at } = setup({ store });
    at(25_000).record('checkout', 'on', {});
    at(3_000).record('checkout', 'on', {});
    at(26_000).record('checkout', 'on', {});
    await aggregator.flush();
    at(27_000).record('checkout', 'on', {});
    expect(store.batches.flat().map((w) => [w.windowStart, w.requests])).toEqual([
      [20_000, 2],
      [0, 1],
    ]);
    expect(aggregator.snapshot().map((w) => [w.windowStart, w.requests])).toEqual([[20_000, 1]]);
    await aggregator.close();
  });

  it('counts every outcome of a burst of 10,000 requests', () => {
    const { aggregator, at } = setup();
    for (let i = 0; i < 10_000; i++) {
      at(i).recordAll(['checkout', i % 3 === 0 ? 'canary' : 'stable', 'banner', 'on'], {
        error: i % 10 === 0,
        latencyMs: i % 7,
      });
    }
    const windows = aggregator
      .snapshot()
      .map((w) => [w.windowStart, w.flagKey, w.variation, w.requests, w.errors]);
    expect(windows).toEqual([
      [0, 'checkout', 'canary', 3_334, 334],
      [0, 'checkout', 'stable', 6_666, 666],
      [0, 'banner', 'on', 10_000, 1_000],
    ]);
    expect(aggregator.stats.recorded).toBe(20_000);
  });

  it('counts a single call with 1,500 pairs', () => {
    const { aggregator } = setup();
    const pairs = Array.from({ length: 1_500 }, (_, i) => [`flag-${i}`, 'on']).flat();
    aggregator.recordAll(pairs, { latencyMs: 1 });
    aggregator.record('flag-0', 'on', {});
    const windows = aggregator.snapshot();
    expect(windows).toHaveLength(1_500);
    expect(windows.find((w) => w.flagKey === 'flag-0')?.requests).toBe(2);
    expect(windows.every((w) => w.latency.count === 1)).toBe(true);
  });

  it('counts into the right window when the same few pairs alternate across window changes', () => {
    const { aggregator, at } = setup();
    for (const t of [1_000, 2_000, 12_000, 3_000, 13_000, 13_500]) {
      at(t).record('checkout', 'canary', {});
      at(t).record('checkout', 'stable', {});
      at(t).record('search', 'canary', {});
    }
    expect(aggregator.snapshot().map((w) => [w.windowStart, w.flagKey, w.variation, w.requests])).toEqual([
      [0, 'checkout', 'canary', 3],
      [0, 'checkout', 'stable', 3],
      [0, 'search', 'canary', 3],
      [10_000, 'checkout', 'canary', 3],
      [10_000, 'checkout', 'stable', 3],
      [10_000, 'search', 'canary', 3],
    ]);
  });

  it('an error that was also aborted counts as an error', () => {
    const { aggregator } = setup();
    aggregator.record('checkout', 'canary', { error: true, aborted: true, latencyMs: 5 });
    expect(aggregator.snapshot()[0]).toMatchObject({ requests: 1, errors: 1, aborted: 0 });
  });

  it('omits instanceId when none is given', () => {
    const { aggregator } = setup();
    aggregator.record('checkout', 'stable', {});
    expect(aggregator.snapshot()[0]).not.toHaveProperty('instanceId');
  });

  it('never throws, even when the clock or the error handler throws', () => {
    const errors: Error[] = [];
    const aggregator = new MetricsAggregator({
      now: () => {
        throw new Error('clock broke');
      },
      onError: (error) => errors.push(error),
    });
    expect(() => aggregator.record('checkout', 'stable', {})).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual(['clock broke']);

    const throwingHandler = new MetricsAggregator({
      onError: () => {
        throw new Error('handler broke');
      },
    });
    expect(() => throwingHandler.record('checkout', 'stable', undefined as unknown as object)).not.toThrow();
    expect(throwingHandler.stats.recorded).toBe(0);
  });
});

describe('without a clock given, windows follow the wall clock', () => {
  const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

  it('each outcome lands in the window Date.now() is in, as time passes', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: T0 + 9_990 });
    const aggregator = new MetricsAggregator({ windowMs: 10_000 });
    aggregator.record('checkout', 'on', {});
    vi.advanceTimersByTime(9);
    aggregator.record('checkout', 'on', {});
    vi.advanceTimersByTime(1);
    aggregator.record('checkout', 'on', {});
    vi.advanceTimersByTime(25_000);
    aggregator.recordAll(['checkout', 'on'], {});
    const windows = aggregator.snapshot();
    expect(starts(windows)).toEqual([T0, T0 + 10_000, T0 + 30_000]);
    expect(windows.map((w) => w.requests)).toEqual([2, 1, 1]);
  });

  it('the timer that ends the open window does not keep the process alive', async () => {
    const refTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = refTimers();
    const aggregator = new MetricsAggregator({ windowMs: 60_000 });
    aggregator.record('checkout', 'on', {});
    expect(aggregator.stats.recorded).toBe(1);
    expect(refTimers()).toBe(before);
    await aggregator.close();
  });

  it('close stops the timer that ends the open window', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: T0 });
    const aggregator = new MetricsAggregator({ windowMs: 10_000 });
    aggregator.record('checkout', 'on', {});
    expect(vi.getTimerCount()).toBe(1);
    await aggregator.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a step of the system clock is followed once the window it was read in ends', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: T0 });
    const aggregator = new MetricsAggregator({ windowMs: 10_000 });
    aggregator.record('checkout', 'on', {});
    // The system clock is set an hour ahead; the timer ending the window runs when it would have.
    vi.setSystemTime(T0 + 3_600_000);
    aggregator.record('checkout', 'on', {});
    vi.advanceTimersByTime(10_000);
    aggregator.record('checkout', 'on', {});
    expect(starts(aggregator.snapshot())).toEqual([T0, T0 + 3_610_000]);
  });
});

describe('flush hands every window to the store in one call', () => {
  it('writes one batch and resets', async () => {
    const store = new FakeStore();
    const { aggregator, at } = setup({ store });
    at(0).record('checkout', 'stable', { latencyMs: 10 });
    at(1).record('checkout', 'canary', { latencyMs: 20 });
    at(10_000).record('checkout', 'stable', { latencyMs: 10 });
    await aggregator.flush();

    expect(store.calls).toBe(1);
    expect(store.batches[0]?.map((w) => [w.windowStart, w.variation])).toEqual([
      [0, 'stable'],
      [0, 'canary'],
      [10_000, 'stable'],
    ]);
    expect(aggregator.stats).toMatchObject({ flushedWindows: 3, pendingWindows: 0 });
    expect(aggregator.snapshot()).toEqual([]);

    await aggregator.flush();
    expect(store.calls).toBe(1);
    await aggregator.close();
  });

  it('the written windows read back as per-arm totals', async () => {
    const store = new FakeStore();
    const { aggregator } = setup({ store });
    for (let i = 0; i < 10; i++) aggregator.record('checkout', 'canary', { error: i < 3, latencyMs: 10 + i });
    await aggregator.close();
    const [canary] = await store.readMetrics({ flagKey: 'checkout', from: 0, to: 10_000 });
    expect(canary).toMatchObject({ variation: 'canary', requests: 10, errors: 3, errorRate: 0.3 });
  });
});

describe('a failed write is kept and merged with the next flush', () => {
  it('retries the batch together with what was recorded since, and reports the error', async () => {
    const store = new FakeStore();
    const errors: Error[] = [];
    const { aggregator, at } = setup({ store, onError: (error) => errors.push(error) });
    store.script.push(new Error('connection refused'));

    at(100).record('checkout', 'stable', { latencyMs: 10 });
    await aggregator.flush();
    expect(errors.map((e) => e.message)).toEqual(['connection refused']);
    expect(aggregator.stats).toMatchObject({ flushedWindows: 0, pendingWindows: 1, flushFailures: 1 });

    at(200).record('checkout', 'stable', { error: true, latencyMs: 20 });
    at(10_100).record('checkout', 'stable', { latencyMs: 30 });
    await aggregator.flush();

    expect(store.batches).toHaveLength(1);
    const batch = [...(store.batches[0] ?? [])].sort((a, b) => a.windowStart - b.windowStart);
    expect(batch.map((w) => [w.windowStart, w.requests, w.errors, w.latency.count])).toEqual([
      [0, 2, 1, 2],
      [10_000, 1, 0, 1],
    ]);
    expect(batch[0]?.latency).toMatchObject({ min: 10, max: 20, sum: 30 });
    expect(aggregator.stats).toMatchObject({ flushedWindows: 2, pendingWindows: 0, dropped: 0 });
    await aggregator.close();
  });

  it('the retry goes out under the failed write ids, so a write applied before its reply was lost is replaced, not added to', async () => {
    // A store that keeps one entry per writeId (as the Redis store does) and whose first write is
    // applied, then fails: its reply was lost.
    const entries = new Map<string, MetricsWindow>();
    let writes = 0;
    const store: MetricsStore = {
      async writeMetrics(windows) {
        for (const window of windows) entries.set(window.writeId!, structuredClone(window));
        writes += 1;
        if (writes === 1) throw new Error('timed out waiting for the reply');
      },
      async readMetrics(query) {
        return summarizeArms([...entries.values()].filter((w) => w.flagKey === query.flagKey));
      },
      async readMetricsWindows(query) {
        return mergeWindowReports([...entries.values()].filter((w) => w.flagKey === query.flagKey));
      },
    };
    const { aggregator, at } = setup({ store, onError: () => {} });

    at(100).record('checkout', 'stable', {});
    at(200).record('checkout', 'canary', {});
    expect(aggregator.snapshot().map((w) => w.writeId)).toEqual([undefined, undefined]);
    await aggregator.flush();
    const firstIds = [...entries.keys()];
    expect(new Set(firstIds).size).toBe(2);

    at(300).record('checkout', 'stable', { error: true });
    at(10_100).record('checkout', 'stable', {});
    await aggregator.flush();
    expect(entries.size).toBe(3);
    expect([...entries.keys()].slice(0, 2)).toEqual(firstIds);
    const arms = await store.readMetrics({ flagKey: 'checkout', from: 0, to: 20_000 });
    expect(arms.map((a) => [a.variation, a.requests, a.errors])).toEqual([
      ['canary', 1, 0],
      ['stable', 3, 1],
    ]);

    // Once written, a window recorded into again is a new report with a new id.
    at(400).record('checkout', 'stable', {});
    await aggregator.flush();
    expect(entries.size).toBe(4);
    await aggregator.close();
  });

  it('flush resolves even when the write fails', async () => {
    const store = new FakeStore();
    store.script.push(new Error('down'));
    const { aggregator } = setup({ store });
    aggregator.record('checkout', 'stable', {});
    await expect(aggregator.flush()).resolves.toBeUndefined();
    await aggregator.close();
  });
});

describe('held windows are bounded by maxPendingWindows: the oldest are dropped and counted', () => {
  it('while recording', () => {
    const { aggregator, at } = setup({ maxPendingWindows: 3 });
    for (const t of [0, 10_000, 20_000, 30_000, 40_000]) at(t).record('checkout', 'stable', {});
    expect(starts(aggregator.snapshot())).toEqual([20_000, 30_000, 40_000]);
    expect(aggregator.stats).toMatchObject({ dropped: 2, pendingWindows: 3, recorded: 5 });
  });

  it('within the window being recorded into', () => {
    const { aggregator, at } = setup({ maxPendingWindows: 1 });
    at(1_000).record('checkout', 'stable', {});
    at(2_000).record('checkout', 'canary', {});
    at(3_000).record('checkout', 'canary', {});
    expect(aggregator.snapshot().map((w) => [w.windowStart, w.variation, w.requests])).toEqual([
      [0, 'canary', 2],
    ]);
    expect(aggregator.stats).toMatchObject({ dropped: 1, pendingWindows: 1, recorded: 3 });
  });

  it('without a store, flush writes nothing and keeps the windows', async () => {
    const { aggregator, at } = setup({ maxPendingWindows: 2 });
    at(0).record('checkout', 'stable', {});
    at(10_000).record('checkout', 'stable', {});
    await aggregator.flush();
    expect(starts(aggregator.snapshot())).toEqual([0, 10_000]);
    at(20_000).record('checkout', 'stable', {});
    expect(starts(aggregator.snapshot())).toEqual([10_000, 20_000]);
    expect(aggregator.stats.dropped).toBe(1);
  });

  it('when a refused batch comes back, the oldest windows go first', async () => {
    const store = new FakeStore();
    const write = deferred();
    store.script.push(write.promise);
    const { aggregator, at } = setup({ store, maxPendingWindows: 3 });
    at(0).record('checkout', 'stable', {});
    at(10_000).record('checkout', 'stable', {});
    const flushing = aggregator.flush();

    for (const t of [20_000, 30_000, 40_000]) at(t).record('checkout', 'stable', {});
    expect(aggregator.stats).toMatchObject({ pendingWindows: 3, dropped: 0 });
    write.reject(new Error('timeout'));
    await flushing;

    expect(starts(aggregator.snapshot())).toEqual([20_000, 30_000, 40_000]);
    expect(aggregator.stats).toMatchObject({ pendingWindows: 3, dropped: 2, flushedWindows: 0 });

    // The next record into a new window evicts the oldest one left, not the newest.
    at(50_000).record('checkout', 'stable', {});
    expect(starts(aggregator.snapshot())).toEqual([30_000, 40_000, 50_000]);
    await aggregator.close();
  });

  it('a clock that goes back still evicts by window start', () => {
    const { aggregator, at } = setup({ maxPendingWindows: 2 });
    at(30_000).record('checkout', 'stable', {});
    at(10_000).record('checkout', 'stable', {});
    at(40_000).record('checkout', 'stable', {});
    expect(starts(aggregator.snapshot())).toEqual([30_000, 40_000]);
  });
});

describe('flushes never overlap', () => {
  it('a flush called during a slow write runs after it, with what was recorded since', async () => {
    const store = new FakeStore();
    const first = deferred();
    store.script.push(first.promise);
    const { aggregator, at } = setup({ store });

    at(0).record('checkout', 'stable', {});
    const flush1 = aggregator.flush();
    at(1).record('checkout', 'canary', {});
    const flush2 = aggregator.flush();
    const flush3 = aggregator.flush();
    expect(flush3).toBe(flush2);

    let secondDone = false;
    void flush2.then(() => {
      secondDone = true;
    });
    await Promise.resolve();
    expect(store.calls).toBe(1);
    expect(secondDone).toBe(false);

    first.resolve();
    await flush1;
    await flush2;
    expect(store.maxConcurrent).toBe(1);
    expect(store.calls).toBe(2);
    expect(store.batches.map((batch) => batch.map((w) => w.variation))).toEqual([['stable'], ['canary']]);
    await aggregator.close();
  });

  it('the timer does not start a write while one is running', async () => {
    vi.useFakeTimers();
    const store = new FakeStore();
    const slow = deferred();
    store.script.push(slow.promise);
    const { aggregator } = setup({ store, flushIntervalMs: 1_000 });
    aggregator.record('checkout', 'stable', {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.calls).toBe(1);
    aggregator.record('checkout', 'canary', {});
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.calls).toBe(1);

    slow.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.maxConcurrent).toBe(1);
    expect(store.calls).toBe(2);
    await aggregator.close();
  });
});

describe('the background flush and close', () => {
  it('flushes every flushIntervalMs; close flushes the rest and stops the timer', async () => {
    vi.useFakeTimers();
    const store = new FakeStore();
    const { aggregator } = setup({ store, flushIntervalMs: 5_000 });
    aggregator.record('checkout', 'stable', {});
    await vi.advanceTimersByTimeAsync(4_999);
    expect(store.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.calls).toBe(1);

    aggregator.record('checkout', 'stable', {});
    await aggregator.close();
    expect(store.calls).toBe(2);

    aggregator.record('checkout', 'stable', {});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.calls).toBe(2);
    expect(aggregator.stats).toMatchObject({ recorded: 2, flushedWindows: 2, pendingWindows: 0 });
  });

  it('without a store there is no timer', () => {
    vi.useFakeTimers();
    setup();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('invalid options are rejected with RAMPKIT_INVALID_ARGUMENT', () => {
  it.each([
    { windowMs: 0 },
    { windowMs: Number.NaN },
    { flushIntervalMs: -5 },
    { maxPendingWindows: 0 },
    { maxPendingWindows: 2.5 },
  ])('%o', (options) => {
    try {
      new MetricsAggregator(options);
      expect.unreachable('the options were accepted');
    } catch (error) {
      expect(isRampkitError(error) && error.code === 'RAMPKIT_INVALID_ARGUMENT').toBe(true);
    }
  });
});
