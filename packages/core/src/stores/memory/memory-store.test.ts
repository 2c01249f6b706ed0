import { describe, expect, it } from 'vitest';
import { ConflictError, isInvalidConfigError, LeaseLostError } from '../../errors/errors.js';
import { metricsWindow } from '../../metrics/metrics-window.test-helper.js';
import type { MetricsWindow } from '../../metrics/types.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import { MemoryStore } from './memory-store.js';

function flagsServing(value: string, extraFlag?: string): FlagsConfig {
  const flags: FlagsConfig['flags'] = [
    {
      key: 'checkout',
      variations: { on: value, off: 'none' },
      offVariation: 'off',
      fallthrough: { variation: 'on' },
    },
  ];
  if (extraFlag) {
    flags.push({
      key: extraFlag,
      variations: { a: 1, b: 2 },
      offVariation: 'a',
      fallthrough: { variation: 'b' },
    });
  }
  return { flags };
}

const invalidConfig = {
  flags: [
    { key: 'broken', variations: { on: true }, offVariation: 'missing', fallthrough: { variation: 'on' } },
  ],
} as FlagsConfig;

/** Lets queued microtasks (listener deliveries) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('config writes are compare-and-set on the version', () => {
  it('starts at version 0 (nothing stored) and stores an initial config as version 1', async () => {
    expect(await new MemoryStore().loadConfig()).toBeNull();
    const snapshot = await new MemoryStore({ config: flagsServing('v1') }).loadConfig();
    expect(snapshot?.version).toBe(1);
    expect(snapshot?.config).toEqual(flagsServing('v1'));
  });

  it('lets exactly one of two writers with the same expected version win, never mixing them', async () => {
    const store = new MemoryStore({ config: flagsServing('v1') });
    const a = flagsServing('from-a', 'only-in-a');
    const b = flagsServing('from-b');
    const results = await Promise.allSettled([
      store.writeConfig(a, { expectedVersion: 1 }),
      store.writeConfig(b, { expectedVersion: 1 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = (lost[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'RAMPKIT_CONFLICT', expectedVersion: 1, actualVersion: 2 });
    const stored = await store.loadConfig();
    expect(stored?.version).toBe(2);
    expect([a, b].filter((config) => JSON.stringify(config) === JSON.stringify(stored?.config))).toHaveLength(
      1,
    );
  });

  it('rejects an invalid config and leaves the state and the subscribers untouched', async () => {
    const store = new MemoryStore({ config: flagsServing('v1') });
    const before = await store.loadConfig();
    const seen: number[] = [];
    store.subscribeConfig((s) => seen.push(s.version));
    const error = await store.writeConfig(invalidConfig, { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(isInvalidConfigError(error)).toBe(true);
    await settle();
    expect(await store.loadConfig()).toBe(before);
    expect(seen).toEqual([]);
  });

  it('stores a frozen copy that neither the writer nor a reader can change', async () => {
    const store = new MemoryStore();
    const config = flagsServing('v1');
    const written = await store.writeConfig(config, { expectedVersion: 0 });
    config.flags[0]!.variations.on = 'changed by the writer';
    config.flags.push({
      key: 'late',
      variations: { x: 1 },
      offVariation: 'x',
      fallthrough: { variation: 'x' },
    });
    const loaded = (await store.loadConfig()) as ConfigSnapshot;
    expect(loaded.config).toBe(written.config);
    expect(loaded.config).toEqual(flagsServing('v1'));
    expect(() => {
      loaded.config.flags[0]!.variations.on = 'changed by a reader';
    }).toThrow(TypeError);
    expect(Object.isFrozen(loaded)).toBe(true);
  });

  it('rejects an invalid initial config', () => {
    expect(() => new MemoryStore({ config: invalidConfig })).toThrow(/MemoryStore options.config/);
  });
});

describe('config subscribers get every version, in order, asynchronously', () => {
  it('delivers each snapshot after the write returns, in write order', async () => {
    const store = new MemoryStore({ config: flagsServing('v1') });
    const seen: number[] = [];
    store.subscribeConfig((s) => seen.push(s.version));
    const writing = store.writeConfig(flagsServing('v2'), { expectedVersion: 1 });
    expect(seen).toEqual([]);
    await writing;
    await store.writeConfig(flagsServing('v3'), { expectedVersion: 2 });
    await store.writeConfig(flagsServing('v4'), { expectedVersion: 3 });
    await settle();
    expect(seen).toEqual([2, 3, 4]);
  });

  it('reports a throwing listener to its own onError and still notifies the others', async () => {
    const store = new MemoryStore();
    const failure = new Error('listener bug');
    const errors: Error[] = [];
    const seen: number[] = [];
    store.subscribeConfig(
      () => {
        throw failure;
      },
      (error) => errors.push(error),
    );
    store.subscribeConfig((s) => seen.push(s.version));
    await store.writeConfig(flagsServing('v1'), { expectedVersion: 0 });
    await settle();
    expect(errors).toEqual([failure]);
    expect(seen).toEqual([1]);
  });

  it('stops notifying after unsubscribe and after close', async () => {
    const store = new MemoryStore();
    const first: number[] = [];
    const second: number[] = [];
    const unsubscribe = store.subscribeConfig((s) => first.push(s.version));
    store.subscribeConfig((s) => second.push(s.version));
    await store.writeConfig(flagsServing('v1'), { expectedVersion: 0 });
    unsubscribe();
    await store.writeConfig(flagsServing('v2'), { expectedVersion: 1 });
    store.close();
    await store.writeConfig(flagsServing('v3'), { expectedVersion: 2 });
    await settle();
    expect(first).toEqual([1]);
    expect(second).toEqual([1, 2]);
  });
});

describe('leases: one holder at a time, fenced by increasing tokens', () => {
  it('lets only one of two contenders hold the lease', async () => {
    const store = new MemoryStore({ now: fakeClock().now });
    const results = await Promise.all([
      store.acquireLease('rollout/checkout', 'a', 1000),
      store.acquireLease('rollout/checkout', 'b', 1000),
    ]);
    expect(results.filter((lease) => lease !== null)).toHaveLength(1);
    expect(results[0]).toMatchObject({ holder: 'a', token: 1 });
  });

  it('lets the other contender in after expiry, with a larger token; the stale token is refused', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now });
    const a = (await store.acquireLease('rollout', 'a', 1000))!;
    clock.advance(999);
    expect(await store.acquireLease('rollout', 'b', 1000)).toBeNull();
    clock.advance(1);
    const b = (await store.acquireLease('rollout', 'b', 1000))!;
    expect(b.token).toBeGreaterThan(a.token);
    expect(await store.checkFence('rollout', a.token)).toBe(false);
    expect(await store.checkFence('rollout', b.token)).toBe(true);
    expect(await store.renewLease(a, 1000)).toBeNull();
    await store.releaseLease(a);
    expect(await store.checkFence('rollout', b.token)).toBe(true);
  });

  it('refuses a fenced document write carrying a stale token, and changes nothing', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now });
    const a = (await store.acquireLease('rollout', 'a', 1000))!;
    await store.putDocument(
      'state',
      { step: 1 },
      { expectedVersion: 0, fence: { lease: 'rollout', token: a.token } },
    );
    clock.advance(1000);
    const b = (await store.acquireLease('rollout', 'b', 1000))!;
    const stale = store.putDocument(
      'state',
      { step: 2 },
      { expectedVersion: 1, fence: { lease: 'rollout', token: a.token } },
    );
    await expect(stale).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.getDocument('state')).toEqual({ version: 1, value: { step: 1 } });
    await store.putDocument(
      'state',
      { step: 2 },
      { expectedVersion: 1, fence: { lease: 'rollout', token: b.token } },
    );
    expect(await store.getDocument('state')).toEqual({ version: 2, value: { step: 2 } });
  });

  it('renews only a live lease held with the same token, and extends it', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now });
    const lease = (await store.acquireLease('rollout', 'a', 1000))!;
    clock.advance(800);
    const renewed = (await store.renewLease(lease, 1000))!;
    expect(renewed).toMatchObject({ token: lease.token, expiresAt: clock.now() + 1000 });
    clock.advance(800);
    expect(await store.checkFence('rollout', lease.token)).toBe(true);
    expect(await store.renewLease({ ...lease, holder: 'b' }, 1000)).toBeNull();
    clock.advance(200);
    expect(await store.renewLease(renewed, 1000)).toBeNull();
  });

  it('never reuses a token: re-acquiring after a release gets a new one; the holder re-acquiring keeps its own', async () => {
    const store = new MemoryStore({ now: fakeClock().now });
    const first = (await store.acquireLease('rollout', 'a', 1000))!;
    expect((await store.acquireLease('rollout', 'a', 1000))?.token).toBe(first.token);
    await store.releaseLease({ ...first, token: first.token + 1 });
    expect(await store.acquireLease('rollout', 'b', 1000)).toBeNull();
    await store.releaseLease(first);
    const second = (await store.acquireLease('rollout', 'b', 1000))!;
    expect(second.token).toBe(first.token + 1);
    expect(await store.checkFence('rollout', first.token)).toBe(false);
  });

  it('tells who holds a lease, until when and when it was last renewed; nothing once it is free', async () => {
    const clock = fakeClock(5_000);
    const store = new MemoryStore({ now: clock.now });
    expect(await store.readLease('rollout')).toBeNull();
    const lease = (await store.acquireLease('rollout', 'a', 1000))!;
    expect(await store.readLease('rollout')).toEqual({
      name: 'rollout',
      holder: 'a',
      token: lease.token,
      expiresAt: 6_000,
      renewedAt: 5_000,
    });
    clock.advance(400);
    await store.renewLease(lease, 1000);
    expect(await store.readLease('rollout')).toMatchObject({ renewedAt: 5_400, expiresAt: 6_400 });
    clock.advance(1000);
    expect(await store.readLease('rollout')).toBeNull();
  });

  it('rejects a ttl that is not a positive number', async () => {
    const store = new MemoryStore();
    await expect(store.acquireLease('rollout', 'a', 0)).rejects.toMatchObject({
      code: 'RAMPKIT_INVALID_ARGUMENT',
    });
  });
});

describe('documents: compare-and-set writes of private copies', () => {
  it('creates with version 0, then requires the current version', async () => {
    const store = new MemoryStore();
    expect(await store.getDocument('a')).toBeNull();
    expect(await store.putDocument('a', { n: 1 }, { expectedVersion: 0 })).toEqual({ version: 1 });
    const conflict = store.putDocument('a', { n: 2 }, { expectedVersion: 0 });
    await expect(conflict).rejects.toMatchObject({
      code: 'RAMPKIT_CONFLICT',
      expectedVersion: 0,
      actualVersion: 1,
    });
    expect(await store.putDocument('a', { n: 2 }, { expectedVersion: 1 })).toEqual({ version: 2 });
    expect(await store.getDocument('a')).toEqual({ version: 2, value: { n: 2 } });
  });

  it('keeps values apart from the objects callers hold', async () => {
    const store = new MemoryStore();
    const value = { steps: [1, 2] };
    await store.putDocument('a', value, { expectedVersion: 0 });
    value.steps.push(3);
    const read = (await store.getDocument<{ steps: number[] }>('a'))!;
    read.value.steps.push(4);
    expect((await store.getDocument('a'))?.value).toEqual({ steps: [1, 2] });
  });

  it('lists the keys under a prefix, sorted', async () => {
    const store = new MemoryStore();
    for (const key of ['rollout/b', 'history/a', 'rollout/a'])
      await store.putDocument(key, 1, { expectedVersion: 0 });
    expect(await store.listDocuments('rollout/')).toEqual(['rollout/a', 'rollout/b']);
  });
});

function window(
  variation: string,
  windowStart: number,
  requests: number,
  errors: number,
  latencies: number[],
  instanceId: string,
): MetricsWindow {
  return metricsWindow(variation, { windowStart, requests, errors, instanceId }, latencies);
}

describe('metrics: readers sum windows across instances', () => {
  it('sums two instances per variation and keeps only windows starting in [from, to)', async () => {
    const clock = fakeClock(1_000_000);
    const store = new MemoryStore({ now: clock.now });
    await store.writeMetrics([
      window('canary', 900_000, 10, 1, [5, 7], 'i1'),
      window('stable', 900_000, 20, 0, [3], 'i1'),
      window('canary', 990_000, 100, 100, [50], 'i1'),
    ]);
    await store.writeMetrics([
      window('canary', 900_000, 30, 3, [9], 'i2'),
      window('canary', 880_000, 7, 7, [1], 'i2'),
    ]);
    const arms = await store.readMetrics({ flagKey: 'checkout', from: 890_000, to: 990_000 });
    const canary = arms.find((arm) => arm.variation === 'canary');
    const stable = arms.find((arm) => arm.variation === 'stable');
    expect(canary).toMatchObject({ requests: 40, errors: 4, errorRate: 0.1 });
    expect(canary?.latency).toMatchObject({ count: 3, min: 5, max: 9 });
    expect(stable).toMatchObject({ requests: 20, errors: 0 });
    expect(await store.readMetrics({ flagKey: 'other', from: 0, to: 2_000_000 })).toEqual([]);
  });

  it('reads the windows one by one, each summed across instances, ordered by start then variation', async () => {
    const clock = fakeClock(1_000_000);
    const store = new MemoryStore({ now: clock.now });
    await store.writeMetrics([
      window('stable', 910_000, 20, 0, [3], 'i1'),
      window('canary', 900_000, 10, 1, [5, 7], 'i1'),
    ]);
    await store.writeMetrics([window('canary', 900_000, 30, 3, [9], 'i2')]);
    const windows = await store.readMetricsWindows({ flagKey: 'checkout', from: 900_000, to: 920_000 });
    expect(windows.map((w) => [w.windowStart, w.variation, w.requests, w.errors])).toEqual([
      [900_000, 'canary', 40, 4],
      [910_000, 'stable', 20, 0],
    ]);
    expect(windows[0]).not.toHaveProperty('instanceId');
    expect(windows[0]?.latency).toMatchObject({ count: 3, min: 5, max: 9 });
    windows[0]!.requests = 0;
    const again = await store.readMetricsWindows({ flagKey: 'checkout', from: 900_000, to: 910_000 });
    expect(again[0]?.requests).toBe(40);
  });

  it('drops windows older than the retention on the next write', async () => {
    const clock = fakeClock(1_000_000);
    const store = new MemoryStore({ now: clock.now, metricsRetentionMs: 60_000 });
    await store.writeMetrics([window('canary', 950_000, 10, 0, [], 'i1')]);
    clock.advance(20_000);
    await store.writeMetrics([window('canary', 1_010_000, 5, 0, [], 'i1')]);
    const arms = await store.readMetrics({ flagKey: 'checkout', from: 0, to: 2_000_000 });
    expect(arms).toMatchObject([{ variation: 'canary', requests: 5 }]);
  });
});
