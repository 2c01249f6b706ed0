import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import type { FlagDefinition, FlagsConfig } from '@rampkit/core';
import { createClient, MemoryStore } from '@rampkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeStore } from './fake-store.test-helper.js';
import { RampkitProvider } from './provider.js';

const checkout: FlagDefinition = {
  key: 'checkout',
  variations: { on: true, off: false },
  offVariation: 'off',
  rules: [{ conditions: [{ attribute: 'plan', op: 'in', values: ['beta'] }], variation: 'on' }],
  fallthrough: {
    split: {
      weights: [
        { variation: 'on', weight: 5000 },
        { variation: 'off', weight: 5000 },
      ],
    },
  },
  track: true,
};
const banner: FlagDefinition = {
  key: 'banner',
  enabled: false,
  variations: { red: 'RED', blue: 'BLUE' },
  offVariation: 'blue',
  fallthrough: { variation: 'red' },
};
const config: FlagsConfig = { flags: [checkout, banner] };

let domains = 0;
async function bound(provider: RampkitProvider) {
  const domain = `test-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider).catch(() => undefined);
  return OpenFeature.getClient(domain);
}

afterEach(async () => {
  await OpenFeature.clearProviders();
});

describe('resolvers return Rampkit values with OpenFeature reasons, variants and error codes', () => {
  it('maps targeting, splits, kill switches and errors one to one', async () => {
    const client = await bound(new RampkitProvider({ flags: config }));
    const beta = await client.getBooleanDetails('checkout', false, { targetingKey: 'u1', plan: 'beta' });
    expect(beta).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    const split = await client.getBooleanDetails('checkout', false, { targetingKey: 'u1' });
    expect(split.reason).toBe('SPLIT');
    expect(split.value).toBe(split.variant === 'on');
    expect(await client.getStringDetails('banner', 'x', {})).toMatchObject({
      value: 'BLUE',
      variant: 'blue',
      reason: 'DISABLED',
    });
    expect(await client.getNumberDetails('banner', 1, {})).toMatchObject({
      value: 1,
      reason: 'ERROR',
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    const missing = await client.getObjectDetails('nope', { a: 1 }, {});
    expect(missing).toMatchObject({ value: { a: 1 }, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    expect(missing.variant).toBeUndefined();
  });

  it("serves the caller's default for a disabled flag when disabledValue is 'caller-default'", async () => {
    const client = await bound(new RampkitProvider({ flags: config, disabledValue: 'caller-default' }));
    const details = await client.getStringDetails('banner', 'fallback', {});
    expect(details).toMatchObject({ value: 'fallback', reason: 'DISABLED' });
    expect(details.variant).toBeUndefined();
  });

  it('returns flag metadata from the flagMetadata option', async () => {
    const client = await bound(
      new RampkitProvider({
        flags: config,
        flagMetadata: (key) => (key === 'checkout' ? { owner: 'payments', tier: 1 } : undefined),
      }),
    );
    expect((await client.getBooleanDetails('checkout', false, {})).flagMetadata).toEqual({
      owner: 'payments',
      tier: 1,
    });
    expect((await client.getStringDetails('banner', '', {})).flagMetadata).toEqual({});
  });

  it("returns the flag's own metadata, frozen, on values and on TYPE_MISMATCH", async () => {
    const owned: FlagDefinition = { ...checkout, metadata: { owner: 'payments', ticket: 'PAY-142' } };
    const client = await bound(new RampkitProvider({ flags: { flags: [owned, banner] } }));
    const details = await client.getBooleanDetails('checkout', false, { plan: 'beta' });
    expect(details).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(details.flagMetadata).toEqual({ owner: 'payments', ticket: 'PAY-142' });
    expect(Object.isFrozen(details.flagMetadata)).toBe(true);
    const mismatch = await client.getStringDetails('checkout', 'x', {});
    expect(mismatch).toMatchObject({ value: 'x', errorCode: ErrorCode.TYPE_MISMATCH });
    expect(mismatch.flagMetadata).toEqual({ owner: 'payments', ticket: 'PAY-142' });
    expect((await client.getStringDetails('banner', '', {})).flagMetadata).toEqual({});
  });

  it("merges the flagMetadata option under the flag's own metadata: the flag wins on a key", async () => {
    const owned: FlagDefinition = { ...checkout, metadata: { owner: 'payments', tier: 2 } };
    const client = await bound(
      new RampkitProvider({
        flags: { flags: [owned, banner] },
        flagMetadata: () => ({ owner: 'platform', service: 'shop' }),
      }),
    );
    expect((await client.getBooleanDetails('checkout', false, {})).flagMetadata).toEqual({
      owner: 'payments',
      tier: 2,
      service: 'shop',
    });
    expect((await client.getStringDetails('banner', '', {})).flagMetadata).toEqual({
      owner: 'platform',
      service: 'shop',
    });
    const missing = await client.getBooleanDetails('nope', false, {});
    expect(missing.errorCode).toBe(ErrorCode.FLAG_NOT_FOUND);
    expect(missing.flagMetadata).toEqual({ owner: 'platform', service: 'shop' });
  });

  it('answers PROVIDER_NOT_READY when called before initialize', async () => {
    const provider = new RampkitProvider({ flags: config });
    expect(await provider.resolveBooleanEvaluation('checkout', false, {})).toMatchObject({
      value: false,
      errorCode: ErrorCode.PROVIDER_NOT_READY,
    });
  });
});

describe('initialize and onClose follow the client lifecycle', () => {
  it('invalid bootstrap flags make the provider FATAL: no retry can fix them', async () => {
    const client = await bound(
      new RampkitProvider({ flags: { flags: [{ key: 'x' }] } as unknown as FlagsConfig }),
    );
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect((await client.getBooleanDetails('x', true)).errorCode).toBe(ErrorCode.PROVIDER_FATAL);
  });

  it('a store that does not answer in time makes it ERROR, then READY once the store answers', async () => {
    const store = new FakeStore(config);
    store.fail = true;
    const provider = new RampkitProvider({
      store,
      readyTimeoutMs: 30,
      retryDelay: { initialMs: 5, maxMs: 5 },
    });
    const client = await bound(provider);
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    const ready = new Promise<void>((resolve) =>
      provider.events.addHandler(ProviderEvents.Ready, () => resolve()),
    );
    store.fail = false;
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(await client.getBooleanValue('checkout', false, { plan: 'beta' })).toBe(true);
  });

  it('closes a client it created, never one it was given', async () => {
    const given = createClient({ flags: config });
    const givenClose = vi.spyOn(given, 'close');
    await bound(new RampkitProvider({ client: given }));
    await OpenFeature.clearProviders();
    expect(givenClose).not.toHaveBeenCalled();
    expect(given.isEnabled('checkout', { plan: 'beta' })).toBe(true);

    const owned = new RampkitProvider({ flags: config });
    await bound(owned);
    const ownedClose = vi.spyOn(owned.client!, 'close');
    await OpenFeature.clearProviders();
    expect(ownedClose).toHaveBeenCalledOnce();
    expect(owned.client).toBeUndefined();
    await given.close();
  });
});

describe('store events become provider events (and statuses)', () => {
  it('change → CONFIGURATION_CHANGED with the changed keys; stale → STALE; fresh → READY', async () => {
    const store = new FakeStore(config);
    const provider = new RampkitProvider({ store });
    const client = await bound(provider);
    const changed = new Promise<string[] | undefined>((resolve) =>
      client.addHandler(ProviderEvents.ConfigurationChanged, (details) => resolve(details?.flagsChanged)),
    );
    await store.writeConfig({ flags: [checkout, { ...banner, enabled: true }] }, { expectedVersion: 1 });
    expect(await changed).toEqual(['banner']);
    expect(await client.getStringValue('banner', '', {})).toBe('RED');

    store.reportStale();
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    // Stale still serves the last configuration.
    expect(await client.getBooleanValue('checkout', false, { plan: 'beta' })).toBe(true);
    store.reportFresh();
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('a client error → ERROR with its message; the next configuration → READY', async () => {
    const store = new FakeStore(config);
    const provider = new RampkitProvider({ store });
    const client = await bound(provider);
    const messages: Array<string | undefined> = [];
    client.addHandler(ProviderEvents.Error, (details) => messages.push(details?.message));
    store.reportError('connection reset');
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(messages).toEqual(['connection reset']);
    await store.writeConfig(config, { expectedVersion: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });
});

describe('track records Rampkit outcomes for the arms the unit is in', () => {
  async function trackedSetup() {
    const store = new MemoryStore({ config });
    const provider = new RampkitProvider({ store, flushIntervalMs: 60_000 });
    await bound(provider);
    return { store, provider };
  }

  it('a named flag: the arm the context is served, with latency', async () => {
    const { store, provider } = await trackedSetup();
    const context = { targetingKey: 'u1', plan: 'beta' };
    provider.track('error', context, { flagKey: 'checkout', latencyMs: 40 });
    provider.track('request', context, { flagKey: 'checkout', latencyMs: 10 });
    provider.track('signup', context, { flagKey: 'checkout' });
    await provider.client?.flush();
    const [arm] = await store.readMetrics({ flagKey: 'checkout', from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(arm).toMatchObject({ variation: 'on', requests: 2, errors: 1 });
    expect(arm?.latency.count).toBe(2);
  });

  it('without a flag key: every tracked flag the unit is served', async () => {
    const { store, provider } = await trackedSetup();
    provider.track('aborted', { targetingKey: 'u2', plan: 'beta' }, {});
    await provider.client?.flush();
    const arms = await store.readMetrics({ flagKey: 'checkout', from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(arms).toMatchObject([{ variation: 'on', requests: 0, aborted: 1 }]);
    // banner is not tracked: nothing recorded for it.
    expect(await store.readMetrics({ flagKey: 'banner', from: 0, to: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });
});

describe('track of any other event name is client.track of that metric', () => {
  it('reaches the experiment data store, in the arm the unit was exposed to, with details.value', async () => {
    const store = new MemoryStore({ config });
    const provider = new RampkitProvider({ store, experimentData: store, flushIntervalMs: 60_000 });
    const client = await bound(provider);
    const context = { targetingKey: 'u7' }; // no plan: served by the split, an experiment
    const served = await client.getBooleanDetails('checkout', false, context);
    provider.track('purchase', context, { value: 19.5 });
    provider.track('purchase', context);
    provider.track('request', context, { flagKey: 'checkout' }); // an outcome, not a metric
    await provider.client?.flush();
    expect(await store.readExperimentUnits('checkout')).toEqual([
      {
        unit: 'u7',
        arm: served.variant,
        exposedAt: expect.any(Number),
        metrics: { purchase: { count: 2, sum: 20.5 } },
      },
    ]);
  });
});
