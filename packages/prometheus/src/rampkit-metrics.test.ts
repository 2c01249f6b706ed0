import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type ConfigSnapshot,
  createClient,
  type FlagsConfig,
  isRampkitError,
  MemoryStore,
  type MetricsStore,
  type RampkitClient,
} from '@rampkit/core';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseExposition, sampleValue } from './exposition.test-helper.js';
import { registerRampkitMetrics, SERIES } from './index.js';

/** `checkout`, tracked, serving `on` to everyone: core's fixture of the flags observers and exporters see. */
const fixture = createRequire(import.meta.url).resolve('@rampkit/core/fixtures/observed-flags.json');
const { flags: definitions } = JSON.parse(readFileSync(fixture, 'utf8')) as FlagsConfig;
const flags: FlagsConfig = { flags: definitions };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends RampkitClient>(client: T): T {
  cleanups.push(() => client.close());
  return client;
}

const scrape = async (registry: Registry) => parseExposition(await registry.metrics());

describe('the series of the contract', () => {
  it('registers every name of SERIES but the rollout gauges, on the given registry only (exposures when asked)', async () => {
    const client = track(createClient({ flags }));
    const registry = new Registry();
    registerRampkitMetrics(client, { registry, exposures: true });
    const names = registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name);
    const expected = Object.values(SERIES)
      .filter((s) => !s.startsWith('rollout_'))
      .map((s) => `rampkit_${s}`);
    expect(names.sort()).toEqual(expected.sort());
  });

  it('takes a prefix, and refuses one that cannot start a metric name', () => {
    const client = track(createClient({ flags }));
    const registry = new Registry();
    registerRampkitMetrics(client, { registry, prefix: 'shop_rampkit_' });
    expect(registry.getSingleMetric('shop_rampkit_requests_total')).toBeDefined();
    const bad = (() => {
      try {
        registerRampkitMetrics(client, { registry: new Registry(), prefix: '9-bad' });
      } catch (error) {
        return error;
      }
    })();
    expect(isRampkitError(bad) && bad.code).toBe('RAMPKIT_INVALID_ARGUMENT');
    expect(String(bad)).toMatch(/option 'prefix'/);
  });

  it('counts aborts apart from requests, without a latency sample, and errors as requests', async () => {
    const client = track(createClient({ flags, metrics: false }));
    const registry = new Registry();
    registerRampkitMetrics(client, { registry });
    client.record('checkout', 'on', { latencyMs: 20 });
    client.record('checkout', 'on', { error: true, latencyMs: 2000 });
    client.record('checkout', 'on', { aborted: true, latencyMs: 5 });
    const samples = await scrape(registry);
    const arm = { flag: 'checkout', variation: 'on' };
    expect(sampleValue(samples, 'rampkit_requests_total', arm)).toBe(2);
    expect(sampleValue(samples, 'rampkit_request_errors_total', arm)).toBe(1);
    expect(sampleValue(samples, 'rampkit_request_aborts_total', arm)).toBe(1);
    expect(sampleValue(samples, 'rampkit_request_duration_seconds_count', arm)).toBe(2);
    expect(sampleValue(samples, 'rampkit_request_duration_seconds_bucket', { ...arm, le: '0.025' })).toBe(1);
    expect(sampleValue(samples, 'rampkit_request_duration_seconds_bucket', { ...arm, le: '2.5' })).toBe(2);
    expect(sampleValue(samples, 'rampkit_request_duration_seconds_sum', arm)).toBeCloseTo(2.02, 9);
  });

  it('counts evaluations that served a variation, and exposures once per unit', async () => {
    const client = track(createClient({ flags }));
    await client.ready();
    const registry = new Registry();
    registerRampkitMetrics(client, { registry, exposures: true });
    for (const unit of ['a', 'b', 'a', 'a']) client.isEnabled('checkout', { targetingKey: unit });
    client.isEnabled('no-such-flag', { targetingKey: 'a' });
    const samples = await scrape(registry);
    expect(sampleValue(samples, 'rampkit_evaluations_total', { flag: 'checkout', variation: 'on' })).toBe(4);
    expect(sampleValue(samples, 'rampkit_exposures_total', { flag: 'checkout', variation: 'on' })).toBe(2);
    expect(samples.some((s) => s.labels.flag === 'no-such-flag')).toBe(false);
  });

  it('keeps evaluation counts going up across configuration updates, for changed and removed flags', async () => {
    const banner = {
      key: 'banner',
      variations: { hi: 'Hi' },
      offVariation: 'hi',
      fallthrough: { variation: 'hi' },
    };
    const store = new MemoryStore({ config: { flags: [...flags.flags, banner] } });
    const client = track(createClient({ store, metrics: false }));
    await client.ready();
    const registry = new Registry();
    registerRampkitMetrics(client, { registry });
    const evaluations = async (flag: string, variation: string) =>
      sampleValue(await scrape(registry), 'rampkit_evaluations_total', { flag, variation });
    for (let i = 0; i < 3; i += 1) client.isEnabled('checkout', { targetingKey: `u${i}` });
    client.value('banner', {}, 'Hello');
    expect(await evaluations('checkout', 'on')).toBe(3);

    const changed = { ...flags.flags[0]!, version: 2, fallthrough: { variation: 'off' } };
    await store.writeConfig({ flags: [changed, banner] }, { expectedVersion: 1 });
    await vi.waitFor(() => expect(client.configVersion).toBe(2));
    client.isEnabled('checkout', { targetingKey: 'u0' });
    expect(await evaluations('checkout', 'on')).toBe(3);
    expect(await evaluations('checkout', 'off')).toBe(1);

    await store.writeConfig({ flags: [banner] }, { expectedVersion: 2 });
    await vi.waitFor(() => expect(client.configVersion).toBe(3));
    client.value('banner', {}, 'Hello');
    expect(await evaluations('checkout', 'on')).toBe(3);
    expect(await evaluations('checkout', 'off')).toBe(1);
    expect(await evaluations('banner', 'hi')).toBe(2);
  });

  it('counts evaluations and outcomes through the observer for a client of another copy of core', async () => {
    const client = track(createClient({ flags }));
    await client.ready();
    // What another copy of core's client offers: the public methods, without this copy's symbols.
    const foreign = {
      observe: client.observe.bind(client),
      on: client.on.bind(client),
      off: client.off.bind(client),
      get isStale() {
        return client.isStale;
      },
      get syncAgeMs() {
        return client.syncAgeMs;
      },
      get metricsStats() {
        return client.metricsStats;
      },
    } as unknown as RampkitClient;
    const registry = new Registry();
    const metrics = registerRampkitMetrics(foreign, { registry, buckets });
    for (const unit of ['a', 'b', 'c']) client.isEnabled('checkout', { targetingKey: unit });
    for (const outcome of recorded) client.record('checkout', 'on', outcome);
    expect(
      sampleValue(await scrape(registry), 'rampkit_evaluations_total', { flag: 'checkout', variation: 'on' }),
    ).toBe(3);
    expect(await scrapedArm(registry)).toEqual(expected);
    metrics.unregister();
    client.isEnabled('checkout', { targetingKey: 'd' });
    client.record('checkout', 'on');
  });

  it('leaves exposures uncounted by default, so the client does not de-duplicate them', async () => {
    const client = track(createClient({ flags }));
    await client.ready();
    const registry = new Registry();
    const metrics = registerRampkitMetrics(client, { registry });
    expect(client.listenerCount('exposure')).toBe(0);
    client.isEnabled('checkout', { targetingKey: 'a' });
    const samples = await scrape(registry);
    expect(sampleValue(samples, 'rampkit_evaluations_total', { flag: 'checkout', variation: 'on' })).toBe(1);
    expect(samples.some((s) => s.name === 'rampkit_exposures_total')).toBe(false);
    metrics.unregister();
    registerRampkitMetrics(client, { registry, exposures: true });
    expect(client.listenerCount('exposure')).toBe(1);
  });

  it('counts every pair alike, whether among the first ones remembered or past them', async () => {
    const client = track(createClient({ flags, metrics: false }));
    const registry = new Registry();
    registerRampkitMetrics(client, { registry });
    const names = Array.from({ length: 40 }, (_, i) => `v${i}`);
    for (let round = 0; round < 3; round += 1) {
      for (const name of names) client.recordAll(['checkout', name, `flag-${name}`, name], { latencyMs: 1 });
    }
    const samples = await scrape(registry);
    for (const name of names) {
      expect(sampleValue(samples, 'rampkit_requests_total', { flag: 'checkout', variation: name })).toBe(3);
      expect(sampleValue(samples, 'rampkit_requests_total', { flag: `flag-${name}`, variation: name })).toBe(
        3,
      );
    }
  });

  it('gives series to at most maxPairs pairs and counts the rest as dropped', async () => {
    const client = track(createClient({ flags, metrics: false }));
    const registry = new Registry();
    const metrics = registerRampkitMetrics(client, { registry, maxPairs: 3 });
    for (let i = 0; i < 10_000; i += 1) client.record('checkout', `made-up-${i}`);
    const samples = await scrape(registry);
    expect(samples.filter((s) => s.name === 'rampkit_requests_total')).toHaveLength(3);
    expect(metrics.dropped).toBe(9_997);
  });

  it('counts the evaluations of pairs past maxPairs as dropped, not as series', async () => {
    const client = track(createClient({ flags, metrics: false }));
    await client.ready();
    const registry = new Registry();
    const metrics = registerRampkitMetrics(client, { registry, maxPairs: 1 });
    client.record('checkout', 'made-up');
    client.isEnabled('checkout', { targetingKey: 'a' });
    client.isEnabled('checkout', { targetingKey: 'b' });
    const samples = await scrape(registry);
    expect(samples.filter((s) => s.name === 'rampkit_evaluations_total').map((s) => s.labels)).toEqual([
      { flag: 'checkout', variation: 'made-up' },
    ]);
    expect(metrics.dropped).toBe(2);
  });
});

/** What a sequence of outcomes of checkout/on must scrape as, with buckets of 0.01, 0.1 and 1 s. */
const recorded = [
  { latencyMs: 10 },
  { latencyMs: 40, error: true },
  { latencyMs: 2500 },
  { latencyMs: 100, aborted: true },
  { aborted: true, error: true, latencyMs: 700 },
  {},
] as const;
const expected = {
  requests: 5,
  errors: 2,
  aborts: 1,
  buckets: { '0.01': 1, '0.1': 2, '1': 3, '+Inf': 4 },
  count: 4,
  sum: 3.25,
};

async function scrapedArm(registry: Registry, flag = 'checkout', variation = 'on') {
  const samples = await scrape(registry);
  const arm = { flag, variation };
  const value = (name: string, labels = {}) => sampleValue(samples, name, { ...arm, ...labels });
  return {
    requests: value('rampkit_requests_total'),
    errors: value('rampkit_request_errors_total'),
    aborts: value('rampkit_request_aborts_total'),
    buckets: Object.fromEntries(
      ['0.01', '0.1', '1', '+Inf'].map((le) => [
        le,
        value('rampkit_request_duration_seconds_bucket', { le }),
      ]),
    ),
    count: value('rampkit_request_duration_seconds_count'),
    sum: value('rampkit_request_duration_seconds_sum'),
  };
}

const buckets = [0.01, 0.1, 1];

describe.each([
  ['with a metrics store', {}],
  ['without a metrics store', { metrics: false }],
] as const)('outcomes, read from the client when scraped, %s', (_, metrics) => {
  it('scrape exactly what was recorded: requests, errors, aborts and the histogram', async () => {
    const client = track(createClient({ flags, ...metrics }));
    const registry = new Registry();
    registerRampkitMetrics(client, { registry, buckets });
    for (const outcome of recorded) client.recordAll(['checkout', 'on'], outcome);
    expect(await scrapedArm(registry)).toEqual(expected);
    // A second scrape reads the same counts, not twice them.
    expect(await scrapedArm(registry)).toEqual(expected);
  });

  it('count each outcome once, with two exporters on one client, whether they share buckets or not', async () => {
    const client = track(createClient({ flags, ...metrics }));
    const [shared, alsoShared, other] = [new Registry(), new Registry(), new Registry()];
    registerRampkitMetrics(client, { registry: shared, buckets });
    registerRampkitMetrics(client, { registry: alsoShared, buckets });
    // Other buckets than the first exporter's: this one observes the outcomes instead.
    registerRampkitMetrics(client, { registry: other, buckets: [...buckets, 5] });
    for (const outcome of recorded) client.record('checkout', 'on', outcome);
    for (const registry of [shared, alsoShared, other]) expect(await scrapedArm(registry)).toEqual(expected);
  });

  it('observes no outcomes on the request path when it can read the client instead', () => {
    const client = track(createClient({ flags, ...metrics }));
    const observe = vi.spyOn(client, 'observe');
    registerRampkitMetrics(client, { registry: new Registry() });
    expect(observe.mock.calls.some(([observer]) => observer.outcomes !== undefined)).toBe(false);
  });

  it('keeps counts going up across configuration updates and flushes', async () => {
    const store = new MemoryStore({ config: flags });
    const client = track(createClient({ store, ...metrics }));
    await client.ready();
    const registry = new Registry();
    registerRampkitMetrics(client, { registry, buckets });
    for (const outcome of recorded.slice(0, 3)) client.record('checkout', 'on', outcome);
    const changed = { ...flags.flags[0]!, version: 2, fallthrough: { variation: 'off' } };
    await store.writeConfig({ flags: [changed] }, { expectedVersion: 1 });
    await vi.waitFor(() => expect(client.configVersion).toBe(2));
    await client.flush();
    for (const outcome of recorded.slice(3)) client.record('checkout', 'on', outcome);
    client.record('checkout', 'off', { latencyMs: 1 });
    expect(await scrapedArm(registry)).toEqual(expected);
    expect(await scrapedArm(registry, 'checkout', 'off')).toMatchObject({ requests: 1, count: 1 });
  });
});

/** A metrics store whose writes fail while `failing` is set. */
class FlakyMetrics extends MemoryStore {
  failing = true;
  override async writeMetrics(windows: Parameters<MetricsStore['writeMetrics']>[0]): Promise<void> {
    if (this.failing) throw new Error('metrics store down');
    return super.writeMetrics(windows);
  }
}

/** A store that can tell its subscribers it lost (or regained) its connection. */
class StaleningStore extends MemoryStore {
  readonly #told: Array<(stale: boolean) => void> = [];
  override subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
    onStale?: (stale: boolean) => void,
  ) {
    if (onStale) this.#told.push(onStale);
    return super.subscribeConfig(listener, onError);
  }
  tell(stale: boolean): void {
    for (const onStale of this.#told) onStale(stale);
  }
}

describe('store health gauges', () => {
  it('reports staleness and the age of the last sync from the client, read at scrape time', async () => {
    let now = Date.now();
    const store = new StaleningStore({ config: flags });
    const client = track(createClient({ store, now: () => now }));
    await client.ready();
    const registry = new Registry();
    registerRampkitMetrics(client, { registry });
    let samples = await scrape(registry);
    expect(sampleValue(samples, 'rampkit_store_stale')).toBe(0);
    expect(sampleValue(samples, 'rampkit_store_last_sync_age_seconds')).toBeLessThan(5);

    // The store loses its connection: the client goes stale, and the age grows from that moment.
    store.tell(true);
    now += 30_000;
    samples = await scrape(registry);
    expect(sampleValue(samples, 'rampkit_store_stale')).toBe(1);
    expect(sampleValue(samples, 'rampkit_store_last_sync_age_seconds')).toBe(30);
    store.tell(false);
    samples = await scrape(registry);
    expect(sampleValue(samples, 'rampkit_store_stale')).toBe(0);
    expect(sampleValue(samples, 'rampkit_store_last_sync_age_seconds')).toBe(0);
  });

  it('counts failed flushes', async () => {
    const store = new FlakyMetrics({ config: flags });
    const client = track(createClient({ store }));
    client.on('error', () => {});
    const registry = new Registry();
    registerRampkitMetrics(client, { registry });
    client.record('checkout', 'on');
    await client.flush();
    client.record('checkout', 'on');
    await client.flush();
    expect(sampleValue(await scrape(registry), 'rampkit_metrics_flush_failures_total')).toBe(2);
    store.failing = false;
    await client.flush();
    expect(sampleValue(await scrape(registry), 'rampkit_metrics_flush_failures_total')).toBe(2);
  });
});

describe('unregister', () => {
  it('removes every series and stops counting; a second exporter can then register the same names', async () => {
    const client = track(createClient({ flags, metrics: false }));
    const registry = new Registry();
    const first = registerRampkitMetrics(client, { registry });
    expect(() => registerRampkitMetrics(client, { registry })).toThrow(/already been registered/);
    first.unregister();
    first.unregister();
    expect(await registry.metrics()).toBe('\n');
    expect(client.listenerCount('exposure')).toBe(0);
    const second = registerRampkitMetrics(client, { registry });
    client.record('checkout', 'on');
    expect(sampleValue(await scrape(registry), 'rampkit_requests_total')).toBe(1);
    second.unregister();
  });
});
