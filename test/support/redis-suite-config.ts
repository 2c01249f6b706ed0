import { afterEach, describe, expect, it } from 'vitest';
import {
  type ConfigSnapshot,
  ConflictError,
  createClient,
  type FlagDefinition,
  type FlagsConfig,
  InvalidConfigError,
  isConfigHistoryError,
  type RedisStore,
} from './redis-deps.js';
import { bigConfig, eventually, flag } from './redis-fixtures.js';
import type { RedisTarget } from './redis-target.js';

/** The ConfigStore contract on Redis: CAS writes, untorn snapshots, propagation, healing polls. */
export function configSuite(target: () => RedisTarget): void {
  afterEach(() => target().closeAll());

  /** Each test works in its own prefix under the target's, so versions start at 0. */
  let counter = 0;
  type Make = (options?: { pollIntervalMs?: number }) => RedisStore;
  const freshStore = (): [RedisStore, Make] => {
    counter += 1;
    const prefix = `${target().prefix}config-${counter}:`;
    const make: Make = (options = {}) => target().store({ prefix, ...options });
    return [make(), make];
  };

  describe('config writes are compare-and-set on the version', () => {
    it('a write that expected an older version fails with ConflictError and changes nothing', async () => {
      const [store] = freshStore();
      await store.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
      await store.writeConfig({ flags: [flag('a', 'off')] }, { expectedVersion: 1 });
      const error = await store.writeConfig({ flags: [flag('b')] }, { expectedVersion: 1 }).catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'RAMPKIT_CONFLICT', expectedVersion: 1, actualVersion: 2 });
      const stored = await store.loadConfig();
      expect(stored?.version).toBe(2);
      expect(stored?.config.flags.map((f) => f.key)).toEqual(['a']);
    });

    it('an invalid configuration is rejected whole, naming the path, and nothing is written', async () => {
      const [store] = freshStore();
      const bad = { flags: [{ ...flag('a'), offVariation: 'missing' }] };
      const error = await store.writeConfig(bad, { expectedVersion: 0 }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(String(error.message)).toContain('flags[0]');
      expect(await store.loadConfig()).toBeNull();
    });

    it('concurrent writers: exactly one wins and no reader ever sees a torn snapshot', async () => {
      const [first, make] = freshStore();
      await first.writeConfig(bigConfig(1500, 'seed'), { expectedVersion: 0 });
      const writers = Array.from({ length: 6 }, () => make());
      const reader = make();
      const seen: ConfigSnapshot[] = [];
      let reading = true;
      const readLoop = (async () => {
        while (reading) {
          const snapshot = await reader.loadConfig();
          if (snapshot) seen.push(snapshot);
        }
      })();
      const results = await Promise.allSettled(
        writers.map((writer, i) =>
          writer.writeConfig(bigConfig(1500, `writer-${i}`), { expectedVersion: 1 }),
        ),
      );
      reading = false;
      await readLoop;

      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const lost of results.filter((r) => r.status === 'rejected')) {
        expect(lost.reason).toBeInstanceOf(ConflictError);
      }
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const stored = await reader.loadConfig();
      expect(stored?.version).toBe(2);
      expect(new Set(stored?.config.flags.map((f) => f.description))).toEqual(new Set([`writer-${winner}`]));
      expect(stored?.config.flags).toHaveLength(1500);
      for (const snapshot of [...seen, stored as ConfigSnapshot]) {
        const tags = new Set(snapshot.config.flags.map((f) => f.description));
        expect(tags.size).toBe(1);
        expect(snapshot.config.flags).toHaveLength(1500);
        expect(snapshot.version === 1 ? tags.has('seed') : tags.has(`writer-${winner}`)).toBe(true);
      }
    });
  });

  describe('subscribers get every change', () => {
    it('each new version reaches a subscriber in another store, whole', async () => {
      const [writer, make] = freshStore();
      const follower = make();
      const versions: number[] = [];
      let latest: ConfigSnapshot | undefined;
      follower.subscribeConfig((snapshot) => {
        versions.push(snapshot.version);
        latest = snapshot;
      });
      let expected = 0;
      for (const variation of ['on', 'off', 'on'] as const) {
        const config = { flags: [flag('a', variation), flag(`b-${expected}`)] };
        await writer.writeConfig(config, { expectedVersion: expected });
        expected += 1;
        await eventually(() => latest?.version === expected, `the follower sees version ${expected}`);
        expect(latest?.config).toEqual(config);
      }
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    });

    it('a change that was never announced is picked up by the version poll', async () => {
      const [writer, make] = freshStore();
      const follower = make({ pollIntervalMs: 50 });
      await writer.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
      let latest = 0;
      follower.subscribeConfig((snapshot) => {
        latest = snapshot.version;
      });
      await eventually(() => latest === 1, 'the follower has version 1');
      // Bump the version behind the store's back: no script ran, so nothing was published.
      await writer.client.hincrby(writer.keys.config, 'version', 1);
      await eventually(() => latest === 2, 'the poll finds version 2');
    });

    it('a configuration lost from Redis is reported and kept; written again, its new history is followed', async () => {
      const [writer, make] = freshStore();
      const follower = make({ pollIntervalMs: 50 });
      await writer.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
      await writer.writeConfig({ flags: [flag('a', 'off')] }, { expectedVersion: 1 });
      const delivered: Array<[number, string]> = [];
      const errors: Error[] = [];
      follower.subscribeConfig(
        (snapshot) => delivered.push([snapshot.version, snapshot.config.flags[0]!.key]),
        (error) => errors.push(error),
      );
      await eventually(() => delivered.length === 1, 'the follower has version 2');
      const before = await follower.loadConfig();

      // Redis loses the data (a restart without persistence, a FLUSHALL): the follower keeps what it has.
      await writer.client.del(writer.keys.config);
      await eventually(
        () => errors.some((e) => isConfigHistoryError(e) && e.kind === 'gone' && e.from.version === 2),
        'the loss is reported',
      );
      expect(errors.find(isConfigHistoryError)?.message).toContain('went back from version 2 to nothing');
      expect(delivered).toEqual([[2, 'a']]);

      // Written again, versions start over at 1 in a new generation, which the follower takes.
      const rewritten = await writer.writeConfig({ flags: [flag('z')] }, { expectedVersion: 0 });
      expect(rewritten.version).toBe(1);
      expect(rewritten.generation).toEqual(expect.any(String));
      expect(rewritten.generation).not.toBe(before?.generation);
      await eventually(() => delivered.length === 2, 'the follower follows the new history');
      expect(delivered).toEqual([
        [2, 'a'],
        [1, 'z'],
      ]);
      const reports = errors.filter(isConfigHistoryError);
      expect(reports.map((e) => [e.kind, e.from.version, e.to.version])).toEqual([
        ['gone', 2, 0],
        ['new-generation', 2, 1],
      ]);
      expect(reports[1]?.message).toContain('began a new history at version 1');

      // Within the new generation versions order again.
      await writer.writeConfig({ flags: [flag('y')] }, { expectedVersion: 1 });
      await eventually(() => delivered.length === 3, 'the follower has version 2 of the new history');
      expect(delivered.at(-1)).toEqual([2, 'y']);
      expect((await follower.loadConfig())?.generation).toBe(rewritten.generation);
    });

    it('a configuration keeps its generation from write to write', async () => {
      const [writer] = freshStore();
      const first = await writer.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
      const second = await writer.writeConfig({ flags: [flag('b')] }, { expectedVersion: 1 });
      expect(second.generation).toBe(first.generation);
      expect((await writer.loadConfig())?.generation).toBe(first.generation);
    });

    it('a client follows a Redis that lost its data once the configuration is written again', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('checkout', 'on')] }, { expectedVersion: 0 });
      await writer.writeConfig({ flags: [flag('checkout', 'off')] }, { expectedVersion: 1 });
      const client = createClient({ store: make({ pollIntervalMs: 50 }) });
      client.on('error', () => undefined);
      await client.ready();
      expect(client.configVersion).toBe(2);
      await writer.client.del(writer.keys.config);
      await writer.writeConfig({ flags: [flag('checkout', 'on')] }, { expectedVersion: 0 });
      await eventually(() => client.configVersion === 1, 'the client takes version 1 of the new history');
      expect(client.isEnabled('checkout', { targetingKey: 'u1' })).toBe(true);
      await client.close();
    });
  });

  describe('a stored configuration is checked once', () => {
    it('readers and subscribers get it validated and deep-frozen, so a client compiles flags as used', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('a'), flag('b', 'off')] }, { expectedVersion: 0 });
      const follower = make();
      let delivered: ConfigSnapshot | undefined;
      follower.subscribeConfig((snapshot) => {
        delivered = snapshot;
      });
      await eventually(() => delivered !== undefined, 'the follower gets version 1');
      const loaded = await make().loadConfig();
      for (const snapshot of [delivered, loaded]) {
        const config = snapshot?.config as FlagsConfig;
        expect(Object.isFrozen(config)).toBe(true);
        expect(Object.isFrozen(config.flags)).toBe(true);
        expect(Object.isFrozen(config.flags[0]?.variations)).toBe(true);
        expect(() => {
          (config.flags as FlagDefinition[]).push(flag('c'));
        }).toThrow(TypeError);
      }
    });

    it('a hash edited by hand into an invalid configuration is reported with its path; the client keeps its version', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
      const client = createClient({ store: make({ pollIntervalMs: 50 }) });
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      await client.ready();
      expect(client.configVersion).toBe(1);

      // No script checks a hand edit: the stored chunk now names an off variation the flag lacks.
      const bad = [{ ...flag('a', 'off'), offVariation: 'missing' }];
      await writer.client.hset(writer.keys.config, 'f:0', JSON.stringify(bad));
      await writer.client.hincrby(writer.keys.config, 'version', 1);

      await eventually(
        () => errors.some((error) => error.message.includes('flags[0].offVariation')),
        'the client reports the invalid path',
      );
      expect(client.configVersion).toBe(1);
      expect(client.isEnabled('a', { targetingKey: 'u1' })).toBe(true);
      await client.close();
    });
  });

  describe('a client starts with one read of the configuration', () => {
    /**
     * Wraps the store's reads of its configuration hash (whole, or its version fields), calling
     * `before` ahead of each, numbered from 1, and records them in order.
     */
    const watchReads = (store: RedisStore, before: (read: number) => Promise<void> = async () => {}) => {
      const reads: string[] = [];
      const client = store.client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      for (const command of ['hgetall', 'hmget']) {
        const original = client[command]!.bind(store.client);
        client[command] = async (...args: unknown[]) => {
          if (args[0] !== store.keys.config) return original(...args);
          reads.push(command);
          await before(reads.length);
          return original(...args);
        };
      }
      return reads;
    };

    it('the subscription does not read and decode again what the client loaded', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig(bigConfig(1500, 'seed'), { expectedVersion: 0 });
      // No poll during the test: every read counted is the load's or the subscription's first.
      const store = make({ pollIntervalMs: 60_000 });
      const reads = watchReads(store);
      const client = createClient({ store });
      let delivered: ConfigSnapshot | undefined;
      // Added before any read: the subscription's first read is delivered to it too.
      store.subscribeConfig((snapshot) => {
        delivered = snapshot;
      });
      await client.ready();
      await eventually(() => delivered !== undefined, "the subscription's first read is done");
      expect(client.configVersion).toBe(1);
      expect(delivered?.version).toBe(1);
      expect(delivered?.config.flags).toHaveLength(1500);
      expect(reads.filter((read) => read === 'hgetall')).toHaveLength(1);
      await client.close();
    });

    it('a store that loaded a version hands its subscribers that snapshot, not a second decode', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('a')] }, { expectedVersion: 0 });
      // No poll during the test: every read counted is the load's or the subscription's first.
      const store = make({ pollIntervalMs: 60_000 });
      const reads = watchReads(store);
      const loaded = await store.loadConfig();
      let delivered: ConfigSnapshot | undefined;
      store.subscribeConfig((snapshot) => {
        delivered = snapshot;
      });
      await eventually(() => delivered !== undefined, 'the subscriber gets version 1');
      expect(delivered?.config).toBe(loaded?.config);
      expect(delivered).toMatchObject({ version: 1, generation: loaded?.generation });
      expect(reads).toEqual(['hgetall', 'hmget']);
    });

    it("a write between the load and the subscription's first read reaches the subscriber", async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('a', 'on')] }, { expectedVersion: 0 });
      const store = make();
      await store.loadConfig();
      await writer.writeConfig({ flags: [flag('a', 'off')] }, { expectedVersion: 1 });
      const delivered: number[] = [];
      store.subscribeConfig((snapshot) => delivered.push(snapshot.version));
      await eventually(() => delivered.length > 0, 'the subscriber gets a version');
      expect(delivered).toEqual([2]);
    });

    it('a write landing after the client loaded and before its subscription read is applied', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('checkout', 'on')] }, { expectedVersion: 0 });
      const store = make({ pollIntervalMs: 60_000 });
      // The client's load is the first read; whatever the subscription's first read is (the hash
      // or its version), the write lands just before it, once the client has version 1 in force.
      const reads = watchReads(store, async (read) => {
        if (read !== 2) return;
        await eventually(() => client.configVersion === 1, 'the client has loaded version 1');
        await writer.writeConfig({ flags: [flag('checkout', 'off')] }, { expectedVersion: 1 });
      });
      const client = createClient({ store });
      await client.ready();
      await eventually(() => client.configVersion === 2, 'the client applies version 2');
      expect(client.isEnabled('checkout', { targetingKey: 'u1' })).toBe(false);
      expect(reads.length).toBeGreaterThanOrEqual(2);
      await client.close();
    });
  });

  describe('large configurations', () => {
    it('10,000 flags round-trip whole (stored in chunks, parsed in slices: see snapshot-codec.test.ts)', async () => {
      const [writer, make] = freshStore();
      const config = bigConfig(10_000, 'big');
      await writer.writeConfig(config, { expectedVersion: 0 });
      const chunks = await writer.client.hlen(writer.keys.config);
      expect(chunks).toBeGreaterThan(10);
      const snapshot = await make().loadConfig();
      expect(snapshot?.config).toEqual(config);
    });
  });
}
