import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../metrics/histogram.js';
import type { MetricsWindow } from '../../metrics/types.js';
import { FileStateStore } from './file-state-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makeStore(now: () => number = Date.now): { store: FileStateStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rampkit-file-state-'));
  dirs.push(dir);
  return { store: new FileStateStore({ path: join(dir, 'flags.json'), watch: false, now }), dir };
}

function window(variation: string, windowStart: number, requests: number, errors: number): MetricsWindow {
  const latency = new LatencyHistogram();
  for (let i = 0; i < requests; i++) latency.record(10);
  return {
    flagKey: 'f',
    variation,
    windowStart,
    windowMs: 1000,
    requests,
    errors,
    aborted: 0,
    latency: latency.toData(),
  };
}

describe('documents are versioned with compare-and-set, in the sidecar file', () => {
  it('writes when the version matches and refuses otherwise', async () => {
    const { store, dir } = makeStore();
    expect(await store.getDocument('rollouts/a')).toBeNull();
    expect(await store.putDocument('rollouts/a', { n: 1 }, { expectedVersion: 0 })).toEqual({ version: 1 });
    await expect(store.putDocument('rollouts/a', { n: 2 }, { expectedVersion: 0 })).rejects.toMatchObject({
      code: 'RAMPKIT_CONFLICT',
    });
    expect(await store.getDocument('rollouts/a')).toEqual({ version: 1, value: { n: 1 } });
    expect(await store.listDocuments('rollouts/')).toEqual(['rollouts/a']);
    const state = JSON.parse(readFileSync(join(dir, 'flags.json.rampkit', 'state.json'), 'utf8'));
    expect(state.documents['rollouts/a']).toEqual({ version: 1, value: { n: 1 } });
  });

  it('refuses a fenced write once the lease token is no longer current', async () => {
    let now = 1_000;
    const { store } = makeStore(() => now);
    const lease = await store.acquireLease('rollout/a', 'one', 5_000);
    expect(lease).toMatchObject({ token: 1, expiresAt: 6_000 });
    expect(await store.acquireLease('rollout/a', 'two', 5_000)).toBeNull();
    now = 7_000;
    const taken = await store.acquireLease('rollout/a', 'two', 5_000);
    expect(taken?.token).toBe(2);
    await expect(
      store.putDocument('d', 1, { expectedVersion: 0, fence: { lease: 'rollout/a', token: 1 } }),
    ).rejects.toMatchObject({ code: 'RAMPKIT_LEASE_LOST' });
    expect(await store.renewLease(lease as NonNullable<typeof lease>, 5_000)).toBeNull();
    expect(await store.checkFence('rollout/a', 2)).toBe(true);
    await store.releaseLease(taken as NonNullable<typeof taken>);
    expect(await store.checkFence('rollout/a', 2)).toBe(false);
    expect((await store.acquireLease('rollout/a', 'three', 5_000))?.token).toBe(3);
  });

  it('tells who holds a lease and when it was last renewed, and nothing once it has expired', async () => {
    let now = 1_000;
    const { store } = makeStore(() => now);
    expect(await store.readLease('rollout/a')).toBeNull();
    const lease = (await store.acquireLease('rollout/a', 'one', 5_000))!;
    now = 3_000;
    await store.renewLease(lease, 5_000);
    expect(await store.readLease('rollout/a')).toEqual({
      name: 'rollout/a',
      holder: 'one',
      token: 1,
      expiresAt: 8_000,
      renewedAt: 3_000,
    });
    now = 8_000;
    expect(await store.readLease('rollout/a')).toBeNull();
  });
});

describe('metrics windows are summed across writers', () => {
  it('merges windows of the same start and reads those that start in [from, to)', async () => {
    const { store } = makeStore(() => 10_000);
    await store.writeMetrics([window('canary', 5_000, 10, 1), window('stable', 5_000, 90, 0)]);
    await store.writeMetrics([window('canary', 5_000, 10, 1), window('canary', 6_000, 5, 5)]);
    const arms = await store.readMetrics({ flagKey: 'f', from: 5_000, to: 6_000 });
    expect(arms.map((arm) => [arm.variation, arm.requests, arm.errors])).toEqual([
      ['canary', 20, 2],
      ['stable', 90, 0],
    ]);
    expect((await store.readMetrics({ flagKey: 'f', from: 0, to: 7_000 }))[0]).toMatchObject({
      requests: 25,
      errors: 7,
    });
    const windows = await store.readMetricsWindows({ flagKey: 'f', from: 0, to: 7_000 });
    expect(windows.map((w) => [w.windowStart, w.variation, w.requests])).toEqual([
      [5_000, 'canary', 20],
      [5_000, 'stable', 90],
      [6_000, 'canary', 5],
    ]);
  });
});

describe('the sidecar stays bounded: windows past the analysis horizon are dropped (#20 item 18)', () => {
  it('stops growing once the horizon is full, however many flushes follow', async () => {
    const windowMs = 10_000;
    const horizonWindows = 12;
    const start = 1_700_000_000_000;
    let now = start;
    const { store } = makeStore(() => now);
    const retention = new FileStateStore({
      path: store.path,
      watch: false,
      now: () => now,
      metricsRetentionMs: horizonWindows * windowMs,
    });
    const sizes: number[] = [];
    const stored: number[] = [];
    for (let w = 0; w < 3 * horizonWindows; w++) {
      const windowStart = start + w * windowMs;
      // Two arms, three flushes into each window, as an aggregator flushing every few seconds does.
      for (let flush = 0; flush < 3; flush++) {
        now = windowStart + flush * 3_000;
        await retention.writeMetrics([
          { ...window('canary', windowStart, 20, 1), windowMs },
          { ...window('stable', windowStart, 20, 0), windowMs },
        ]);
      }
      sizes.push(statSync(retention.statePath).size);
      stored.push(
        (await retention.readMetricsWindows({ flagKey: 'f', from: 0, to: Number.MAX_SAFE_INTEGER })).length,
      );
    }
    const full = horizonWindows; // index of the first window whose write drops the oldest one
    expect(stored.slice(full)).toEqual(Array(stored.length - full).fill(2 * horizonWindows));
    expect(Math.max(...sizes.slice(full))).toBe(sizes[full]);
    await retention.close();
  });
});

describe('the sidecar layout has a schema version; older layouts are read', () => {
  function writeState(dir: string, state: unknown): void {
    mkdirSync(join(dir, 'flags.json.rampkit'), { recursive: true });
    writeFileSync(join(dir, 'flags.json.rampkit', 'state.json'), JSON.stringify(state));
  }

  it('reads a schema 1 file and writes schema 2 on the next update, with the same data', async () => {
    const { store, dir } = makeStore(() => 10_000);
    const old = {
      ...window('canary', 5_000, 3, 1),
      latency: { buckets: { '9000': 2, '9001': 1 }, count: 3, sum: 30, min: 9, max: 11 },
    };
    writeState(dir, {
      schema: 1,
      documents: { 'rollouts/a': { version: 2, value: { n: 1 } } },
      leases: {},
      lastTokens: { 'rollout/a': 4 },
      metrics: [old],
    });
    const query = { flagKey: 'f', from: 0, to: 10_000 };
    expect(await store.readMetricsWindows(query)).toEqual([old]);
    expect((await store.acquireLease('rollout/a', 'one', 1_000))?.token).toBe(5);
    const written = JSON.parse(readFileSync(store.statePath, 'utf8'));
    expect(written.schema).toBe(2);
    expect(written.metrics).toEqual([['f', 'canary', [[5_000, 1000, 3, 1, 0, 3, 30, 9, 11, [9000, 2, 1]]]]]);
    expect(await store.readMetricsWindows(query)).toEqual([old]);
    expect(await store.getDocument('rollouts/a')).toEqual({ version: 2, value: { n: 1 } });
  });

  it('refuses a schema it does not know, naming the file and the schema', async () => {
    const { store, dir } = makeStore();
    writeState(dir, { schema: 3, documents: {}, leases: {}, lastTokens: {}, metrics: [] });
    await expect(store.getDocument('a')).rejects.toMatchObject({
      code: 'RAMPKIT_STORE_UNAVAILABLE',
      message: expect.stringMatching(/state\.json is not a Rampkit state file \(unknown schema 3/),
    });
  });

  it('keeps documents named like Object.prototype members as plain documents', async () => {
    const { store } = makeStore();
    await store.putDocument('__proto__', { n: 1 }, { expectedVersion: 0 });
    expect(await store.getDocument('__proto__')).toEqual({ version: 1, value: { n: 1 } });
    expect(await store.getDocument('constructor')).toBeNull();
    expect(await store.listDocuments('')).toEqual(['__proto__']);
  });
});

describe('a window in the sidecar is written compactly', () => {
  it('takes under 40% of the bytes its schema 1 form took, for a realistic latency spread', async () => {
    const { store } = makeStore(() => 100_000);
    const windows: MetricsWindow[] = [];
    for (const [i, variation] of ['canary', 'stable'].entries()) {
      const latency = new LatencyHistogram();
      // 500 requests between 15 and 90 ms: about as many distinct buckets as a busy arm fills.
      for (let r = 0; r < 500; r++) latency.record(15 + ((r * 7919 + i) % 7500) / 100);
      windows.push({ ...window(variation, 90_000, 500, 3), latency: latency.toData() });
    }
    await store.writeMetrics(windows);
    const stored = await store.readMetricsWindows({ flagKey: 'f', from: 0, to: 100_000 });
    const schema1 = `${JSON.stringify({ schema: 1, documents: {}, leases: {}, lastTokens: {}, metrics: stored })}\n`;
    expect(statSync(store.statePath).size).toBeLessThan(0.4 * Buffer.byteLength(schema1));
  });
});
