import { describe, expect, it, vi } from 'vitest';
import type { ConfigSnapshot, FlagsConfig } from '../model/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import type { ConfigStore } from '../stores/types.js';
import { createClient } from './client.js';
import { clientFlags } from './client.test-helper.js';
import type { ExposureEvent } from './events.js';

const config = clientFlags('checkout', 'banner');

/** A config store whose answers the test controls. */
function scriptedStore(
  load: () => Promise<ConfigSnapshot | null>,
): ConfigStore & { push(s: ConfigSnapshot): void } {
  let listener: ((s: ConfigSnapshot) => void) | undefined;
  return {
    loadConfig: load,
    writeConfig: () => Promise.reject(new Error('read-only')),
    subscribeConfig(l) {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    push(s) {
      listener?.(s);
    },
  };
}

describe('the client evaluates the configuration in force', () => {
  it('serves bootstrap flags without a store, synchronously and after ready()', async () => {
    const client = createClient({ flags: config });
    expect(client.isEnabled('checkout', { targetingKey: 'u1', country: 'US' })).toBe(true);
    await client.ready();
    expect(client.evaluate('checkout', { targetingKey: 'u1', country: 'FR' })).toMatchObject({
      value: false,
      variation: 'off',
      reason: 'DEFAULT',
    });
    await client.close();
  });

  it('a missing flag returns the default with reason ERROR', async () => {
    const client = createClient({ flags: config });
    expect(client.evaluate('nope', { targetingKey: 'u' }, 'dflt')).toMatchObject({
      value: 'dflt',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(client.value('nope', { targetingKey: 'u' }, 42)).toBe(42);
    await client.close();
  });

  it('a default of another type is a TYPE_MISMATCH and returns the default', async () => {
    const client = createClient({ flags: config });
    const result = client.valueDetails('banner', { targetingKey: 'u' }, false);
    expect(result).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(client.isEnabled('banner', { targetingKey: 'u' }, true)).toBe(true);
    await client.close();
  });

  it('variation() names the arm and falls back to the given default on error', async () => {
    const client = createClient({ flags: config });
    expect(['a', 'b']).toContain(client.variation('banner', { targetingKey: 'u' }));
    expect(client.variation('nope', { targetingKey: 'u' }, 'stable')).toBe('stable');
    await client.close();
  });

  it('allFlags evaluates every flag for one context', async () => {
    const client = createClient({ flags: config });
    const all = client.allFlags({ targetingKey: 'u', country: 'US' });
    expect(Object.keys(all).sort()).toEqual(['banner', 'checkout']);
    expect(all.checkout).toMatchObject({ value: true, reason: 'TARGETING_MATCH', ruleIndex: 0 });
    await client.close();
  });

  it('an invalid bootstrap is refused at creation with the JSON path', () => {
    const bad = {
      flags: [
        { key: 'x', variations: { on: true }, offVariation: 'missing', fallthrough: { variation: 'on' } },
      ],
    };
    expect(() => createClient({ flags: bad })).toThrow(/flags\[0\]\.offVariation/);
  });
});

describe('the client follows its store', () => {
  it('before the store answers, evaluation returns defaults with PROVIDER_NOT_READY', async () => {
    let answer!: (s: ConfigSnapshot) => void;
    const store = scriptedStore(() => new Promise((resolve) => (answer = resolve)));
    const client = createClient({ store });
    expect(client.evaluate('checkout', { targetingKey: 'u' }, true)).toMatchObject({
      value: true,
      errorCode: 'PROVIDER_NOT_READY',
    });
    answer({ version: 1, config, updatedAt: 0 });
    await client.ready();
    expect(client.isEnabled('checkout', { targetingKey: 'u', country: 'US' })).toBe(true);
    await client.close();
  });

  it('ready() rejects with a clear error when the store never answers', async () => {
    const store = scriptedStore(() => Promise.reject(new Error('connection refused')));
    const client = createClient({ store, retryDelay: { initialMs: 5, maxMs: 10 } });
    client.on('error', () => {});
    await expect(client.ready({ timeoutMs: 50 })).rejects.toMatchObject({
      code: 'RAMPKIT_NOT_READY',
      message: expect.stringMatching(/not ready after 50 ms.*connection refused/),
    });
    await client.close();
  });

  it('retries a failed load until the store answers', async () => {
    let calls = 0;
    const store = scriptedStore(async () => {
      calls += 1;
      if (calls < 3) throw new Error('down');
      return { version: 1, config, updatedAt: 0 };
    });
    const errors: Error[] = [];
    const client = createClient({ store, retryDelay: { initialMs: 1, maxMs: 2 } });
    client.on('error', (e) => errors.push(e));
    await client.ready({ timeoutMs: 5_000 });
    expect(calls).toBe(3);
    expect(errors.map((e) => e.message)).toEqual(['down', 'down']);
    await client.close();
  });

  it('applies every new snapshot and names the changed flags', async () => {
    const store = new MemoryStore({ config });
    const client = createClient({ store });
    await client.ready();
    const changes: string[][] = [];
    client.on('change', (e) => changes.push(e.changedKeys));
    const next: FlagsConfig = {
      flags: [{ ...config.flags[0]!, fallthrough: { variation: 'on' }, version: 2 }, config.flags[1]!],
    };
    await store.writeConfig(next, { expectedVersion: 1 });
    await vi.waitFor(() => expect(client.configVersion).toBe(2));
    expect(changes).toEqual([['checkout']]);
    expect(client.isEnabled('checkout', { targetingKey: 'u', country: 'FR' })).toBe(true);
    await client.close();
  });

  it('keeps the last good configuration when the store delivers an invalid one', async () => {
    const store = scriptedStore(async () => ({ version: 1, config, updatedAt: 0 }));
    const client = createClient({ store });
    await client.ready();
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    store.push({
      version: 2,
      config: { flags: [{ key: 'broken' }] } as unknown as FlagsConfig,
      updatedAt: 0,
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/store snapshot version 2/);
    expect(client.configVersion).toBe(1);
    expect(client.isEnabled('checkout', { targetingKey: 'u', country: 'US' })).toBe(true);
    await client.close();
  });

  it('ignores snapshots older than the one in force', async () => {
    const store = scriptedStore(async () => ({ version: 5, config, updatedAt: 0 }));
    const client = createClient({ store });
    await client.ready();
    store.push({ version: 4, config: { flags: [] }, updatedAt: 0 });
    expect(client.configVersion).toBe(5);
    expect(client.evaluate('checkout', { targetingKey: 'u' }).reason).not.toBe('ERROR');
    await client.close();
  });

  it('takes a snapshot of a new generation whatever its version, then orders by version within it', async () => {
    // The store lost its data and was written again: its versions start over at 1.
    const store = scriptedStore(async () => ({ version: 5, config, updatedAt: 0, generation: 'g1' }));
    const client = createClient({ store });
    await client.ready();
    store.push({ version: 4, config: { flags: [] }, updatedAt: 0, generation: 'g1' });
    expect(client.configVersion).toBe(5);

    store.push({ version: 1, config: { flags: [] }, updatedAt: 0, generation: 'g2' });
    expect(client.configVersion).toBe(1);
    expect(client.evaluate('checkout', { targetingKey: 'u' }).errorCode).toBe('FLAG_NOT_FOUND');

    store.push({ version: 1, config, updatedAt: 0, generation: 'g2' });
    expect(client.evaluate('checkout', { targetingKey: 'u' }).errorCode).toBe('FLAG_NOT_FOUND');
    store.push({ version: 2, config, updatedAt: 0, generation: 'g2' });
    expect(client.configVersion).toBe(2);
    expect(client.evaluate('checkout', { targetingKey: 'u' }).reason).not.toBe('ERROR');
    await client.close();
  });
});

describe('exposures are deduplicated per unit, flag and version within a window', () => {
  it('emits once per unit until the window passes or the flag version changes', async () => {
    let now = 1_000;
    const store = new MemoryStore({ config });
    const client = createClient({ store, exposureWindowMs: 100, now: () => now });
    await client.ready();
    const seen: ExposureEvent[] = [];
    client.on('exposure', (e) => seen.push(e));
    for (let i = 0; i < 50; i++) client.evaluate('banner', { targetingKey: 'alice' });
    client.evaluate('banner', { targetingKey: 'bob' });
    expect(seen.map((e) => e.unit)).toEqual(['alice', 'bob']);
    expect(seen[0]).toMatchObject({ flagKey: 'banner', flagVersion: 1, reason: 'SPLIT', inExperiment: true });

    now += 100;
    client.evaluate('banner', { targetingKey: 'alice' });
    expect(seen).toHaveLength(3);

    await store.writeConfig(
      { flags: [config.flags[0]!, { ...config.flags[1]!, version: 2 }] },
      { expectedVersion: 1 },
    );
    await vi.waitFor(() => expect(client.configVersion).toBe(2));
    client.evaluate('banner', { targetingKey: 'alice' });
    expect(seen.at(-1)).toMatchObject({ unit: 'alice', flagVersion: 2 });
    await client.close();
  });

  it('errors are not exposures, and allFlags emits none', async () => {
    const client = createClient({ flags: config });
    const seen: ExposureEvent[] = [];
    client.on('exposure', (e) => seen.push(e));
    client.evaluate('nope', { targetingKey: 'alice' });
    client.allFlags({ targetingKey: 'alice' });
    expect(seen).toEqual([]);
    await client.close();
  });

  it('a throwing exposure listener never reaches the caller', async () => {
    const client = createClient({ flags: config });
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    client.on('exposure', () => {
      throw new Error('listener bug');
    });
    expect(client.isEnabled('checkout', { targetingKey: 'alice', country: 'US' })).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(['listener bug']);
    await client.close();
  });

  it('are emitted while a listener is registered, however it was added or removed', async () => {
    // Every exposure emitted, none deduplicated: each evaluation below is one chance to emit.
    const client = createClient({ flags: config, exposureWindowMs: 0 });
    const seen: string[] = [];
    const evaluate = () => client.evaluate('banner', { targetingKey: 'alice' });
    const listener = () => seen.push('on');
    client.on('exposure', listener);
    evaluate();
    client.off('exposure', listener);
    evaluate();
    client.once('exposure', () => seen.push('once'));
    evaluate();
    evaluate();
    client.addListener('exposure', () => seen.push('addListener'));
    client.on('change', () => {});
    evaluate();
    client.removeAllListeners('change');
    evaluate();
    client.removeAllListeners();
    evaluate();
    client.on('exposure', listener);
    client.removeListener('exposure', listener);
    evaluate();
    expect(seen).toEqual(['on', 'once', 'addListener', 'addListener']);
    await client.close();
  });

  it('memory stays bounded however many units pass', async () => {
    const client = createClient({ flags: config, maxExposureEntries: 100 });
    let count = 0;
    client.on('exposure', () => count++);
    for (let i = 0; i < 1_000; i++) client.evaluate('banner', { targetingKey: `u${i}` });
    // Every distinct unit is exposed once, although only the last 100 are remembered.
    expect(count).toBe(1_000);
    client.evaluate('banner', { targetingKey: 'u999' });
    expect(count).toBe(1_000);
    client.evaluate('banner', { targetingKey: 'u0' });
    expect(count).toBe(1_001);
    await client.close();
  });
});

describe('outcomes are recorded locally and flushed per arm', () => {
  it('record() then flush() reaches the metrics store, summed per variation', async () => {
    let now = 10_000;
    const store = new MemoryStore({ config, now: () => now });
    const client = createClient({ store, now: () => now, flushIntervalMs: 60_000 });
    await client.ready();
    for (let i = 0; i < 100; i++) client.record('banner', 'a', { error: i < 5, latencyMs: 10 });
    for (let i = 0; i < 50; i++) client.record('banner', 'b', { latencyMs: 20 });
    client.record('banner', 'b', { aborted: true });
    now += 1;
    await client.flush();
    const arms = await store.readMetrics({ flagKey: 'banner', from: 0, to: now + 1 });
    expect(arms.map((a) => [a.variation, a.requests, a.errors])).toEqual([
      ['a', 100, 5],
      ['b', 50, 0],
    ]);
    expect(arms[1]?.aborted).toBe(1);
    expect(arms[0]?.errorRate).toBeCloseTo(0.05);
    expect(arms[1]?.p50).toBeCloseTo(20, 0);
    await client.close();
  });

  it('close() flushes what is left and is idempotent', async () => {
    const store = new MemoryStore({ config });
    const client = createClient({ store, flushIntervalMs: 60_000 });
    client.record('banner', 'a', { latencyMs: 1 });
    await client.close();
    await client.close();
    const arms = await store.readMetrics({ flagKey: 'banner', from: 0, to: Date.now() + 60_000 });
    expect(arms[0]?.requests).toBe(1);
    client.record('banner', 'a', { latencyMs: 1 });
    expect(client.metricsStats?.recorded).toBe(1);
  });

  it('metrics: false turns recording off', async () => {
    const client = createClient({ flags: config, metrics: false });
    client.record('banner', 'a');
    expect(client.metricsStats).toBeUndefined();
    await client.close();
  });
});
