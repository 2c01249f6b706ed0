import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExperimentDataBatch, TrackEvent } from '../experiments/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { createClient } from './client.js';
import { clientFlags } from './client.test-helper.js';

const config = clientFlags('banner', 'plain');

function setup(now: { t: number }) {
  const store = new MemoryStore({ config });
  const client = createClient({ store, experimentData: store, now: () => now.t, flushIntervalMs: 60_000 });
  const errors: Error[] = [];
  client.on('error', (error) => errors.push(error));
  return { store, client, errors };
}

describe('client.track', () => {
  it('counts an event only after the unit was exposed, in the arm it was exposed to', async () => {
    const now = { t: 1_000 };
    const { store, client } = setup(now);
    await client.ready();
    const user = { targetingKey: 'user-1' };
    client.track('purchase', user, 10); // before exposure: not attributed
    now.t = 2_000;
    const arm = client.variation('banner', user)!;
    client.track('purchase', user, 25);
    client.track('purchase', user); // value defaults to 1
    client.isEnabled('plain', user); // not an experiment: no exposure
    await client.flush();
    expect(await store.readExperimentUnits('banner')).toEqual([
      { unit: 'user-1', arm, exposedAt: 2_000, metrics: { purchase: { count: 2, sum: 26 } } },
    ]);
    expect(await store.readExperimentUnits('plain')).toEqual([]);
    expect(client.trackingStats).toMatchObject({ tracked: 3, attributed: 2, rejected: 0 });
    await client.close();
  });

  it('first exposure wins: a later exposure in another process does not move the unit', async () => {
    const now = { t: 1_000 };
    const store = new MemoryStore({ config });
    await store.writeExperimentData({
      writeId: 'other-process',
      exposures: [{ experimentKey: 'banner', unit: 'user-1', arm: 'zz', exposedAt: 500 }],
      increments: [],
    });
    const client = createClient({ store, experimentData: store, now: () => now.t, flushIntervalMs: 60_000 });
    await client.ready();
    client.variation('banner', { targetingKey: 'user-1' });
    client.track('purchase', { targetingKey: 'user-1' }, 3);
    await client.flush();
    // The stored first exposure (arm zz) stands, and totals of this process's arm are not added to it.
    expect(await store.readExperimentUnits('banner')).toEqual([
      { unit: 'user-1', arm: 'zz', exposedAt: 500, metrics: {} },
    ]);
    await client.close();
  });

  it('without experimentData given, records exposures from the first track() call on', async () => {
    const now = { t: 1_000 };
    const store = new MemoryStore({ config });
    const client = createClient({ store, now: () => now.t, flushIntervalMs: 60_000 });
    await client.ready();
    const early = { targetingKey: 'early' };
    const late = { targetingKey: 'late' };
    client.variation('banner', early); // before any track(): not recorded
    client.track('purchase', early);
    client.variation('banner', late);
    client.track('purchase', late);
    await client.flush();
    expect((await store.readExperimentUnits('banner')).map((row) => [row.unit, row.metrics])).toEqual([
      ['late', { purchase: { count: 1, sum: 1 } }],
    ]);
    await client.close();
  });

  it('never throws on bad input: an error event names what was wrong, and it is counted', async () => {
    const { client, errors } = setup({ t: 1 });
    await client.ready();
    const track = client.track.bind(client) as (...args: unknown[]) => void;
    expect(() => track('', { targetingKey: 'u' })).not.toThrow();
    expect(() => track('ok', { targetingKey: 'u' }, Number.NaN)).not.toThrow();
    expect(() => track('ok', null)).not.toThrow();
    expect(() => track(42, { targetingKey: 'u' })).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('metricKey must be'),
      expect.stringContaining('value of metric "ok" must be a finite number, got NaN'),
      expect.stringContaining('context of metric "ok" must be an object, got null'),
      expect.stringContaining('starting with a letter or digit, got 42'),
    ]);
    expect(client.trackingStats?.rejected).toBe(4);
    await client.close();
  });

  it('does not keep unit ids longer than MAX_TRACKED_UNIT_LENGTH: memory does not grow with what a client sends', async () => {
    const { store, client } = setup({ t: 5 });
    await client.ready();
    const long = { targetingKey: 'x'.repeat(129) };
    const short = { targetingKey: 'x'.repeat(128) };
    client.variation('banner', long);
    client.variation('banner', short);
    client.track('buy', long);
    client.track('buy', short);
    await client.flush();
    expect((await store.readExperimentUnits('banner')).map((row) => row.unit.length)).toEqual([128]);
    expect(client.trackingStats).toMatchObject({ skippedUnits: 1, attributed: 1 });
    await client.close();
  });

  it('emits a track event for every accepted call, exposed or not', async () => {
    const { client } = setup({ t: 7 });
    await client.ready();
    const events: TrackEvent[] = [];
    client.on('track', (event) => events.push(event));
    client.track('signup', { targetingKey: 'u9' }, 2);
    expect(events).toEqual([{ metricKey: 'signup', unit: 'u9', value: 2, timestamp: 7 }]);
    await client.close();
  });
});

describe('tracking through a store outage', () => {
  /** A MemoryStore whose experiment-data writes fail while `down`, optionally after applying them. */
  function flakyStore() {
    const store = new MemoryStore({ config });
    const state = { down: true, applyThenFail: false, attempts: 0 };
    const write = store.writeExperimentData.bind(store);
    store.writeExperimentData = async (batch: ExperimentDataBatch) => {
      state.attempts += 1;
      if (state.down) {
        if (state.applyThenFail) await write(batch);
        throw new Error('store down');
      }
      await write(batch);
    };
    return { store, state };
  }

  it('loses nothing recorded: batches are kept and written once the store is back', async () => {
    const { store, state } = flakyStore();
    state.applyThenFail = true; // the first attempt lands but its reply is lost
    const now = { t: 1_000 };
    const client = createClient({ store, experimentData: store, now: () => now.t, flushIntervalMs: 60_000 });
    client.on('error', () => {});
    await client.ready();
    for (let i = 0; i < 20; i += 1) client.variation('banner', { targetingKey: `u${i}` });
    for (let i = 0; i < 20; i += 1) client.track('buy', { targetingKey: `u${i}` }, i);
    await client.flush();
    state.applyThenFail = false;
    client.track('buy', { targetingKey: 'u1' }, 100);
    await client.flush();
    expect(client.trackingStats?.pendingRecords).toBe(41);
    state.down = false;
    await client.flush();
    const rows = await store.readExperimentUnits('banner');
    expect(rows).toHaveLength(20);
    const sum = rows.reduce((total, row) => total + (row.metrics.buy?.sum ?? 0), 0);
    const count = rows.reduce((total, row) => total + (row.metrics.buy?.count ?? 0), 0);
    expect({ sum, count }).toEqual({ sum: 190 + 100, count: 21 });
    expect(client.trackingStats).toMatchObject({ pendingRecords: 0, droppedEvents: 0 });
    await client.close();
  });

  it('past its bound, says exactly what was dropped', async () => {
    const { store } = flakyStore();
    const client = createClient({
      store,
      experimentData: store,
      now: () => 1_000,
      flushIntervalMs: 60_000,
      maxPendingTrackRecords: 10,
    });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready();
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 3; i += 1) {
        const unit = { targetingKey: `r${round}-u${i}` };
        client.variation('banner', unit);
        client.track('buy', unit, 1);
      }
      await client.flush();
    }
    const dropped = errors.filter((e) => (e as { code?: string }).code === 'RAMPKIT_TRACKING_DROPPED');
    expect(dropped.map((e) => e.message)).toEqual([
      expect.stringContaining('dropped 3 exposures and 3 unit totals (3 tracked events)'),
    ]);
    expect(client.trackingStats).toMatchObject({
      droppedExposures: 3,
      droppedIncrements: 3,
      droppedEvents: 3,
    });
    expect(client.trackingStats?.pendingRecords).toBe(6);
    await client.close();
  });

  describe('on the wall clock', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('reads no clock to attribute an event, and a clock stepped back loses none', async () => {
      // In process the ledger only knows exposures recorded before the call, so comparing times can
      // only pass: reading the clock for it is a cost on every track, and wrong after a step back.
      const clock = vi.spyOn(Date, 'now').mockReturnValue(10_000);
      const store = new MemoryStore({ config });
      const client = createClient({ store, experimentData: store, flushIntervalMs: 60_000 });
      await client.ready();
      const user = { targetingKey: 'user-1' };
      const arm = client.variation('banner', user)!;
      clock.mockClear();
      clock.mockReturnValue(5_000); // NTP stepped the clock back
      for (let i = 0; i < 1_000; i += 1) client.track('purchase', user, 2);
      expect(clock).not.toHaveBeenCalled();
      await client.flush();
      expect(await store.readExperimentUnits('banner')).toMatchObject([
        { unit: 'user-1', arm, exposedAt: 10_000, metrics: { purchase: { count: 1_000, sum: 2_000 } } },
      ]);
      // A `track` listener still gets the time of the event.
      const events: TrackEvent[] = [];
      client.on('track', (event) => events.push(event));
      client.track('purchase', user);
      expect(events.map((event) => event.timestamp)).toEqual([5_000]);
      await client.close();
    });
  });
});

describe('a client that never tracks', () => {
  it('keeps no exposure for tracking while only an exposure listener is registered', async () => {
    // The default store has the experiment-data facet, so the client has a tracker; before any
    // track() call it must not remember the units it serves (an exposure listener only dedups).
    const store = new MemoryStore({ config });
    const client = createClient({ store, metrics: false, flushIntervalMs: 60_000 });
    let exposures = 0;
    client.on('exposure', () => {
      exposures += 1;
    });
    await client.ready();
    for (let i = 0; i < 1_000; i++) client.variation('banner', { targetingKey: `unit-${i}` });
    expect(exposures).toBe(1_000);
    expect(client.trackingStats?.pendingRecords).toBe(0);
    await client.flush();
    expect(await store.readExperimentUnits('banner')).toEqual([]);
    await client.close();
  });
});
