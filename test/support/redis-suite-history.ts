import { afterEach, describe, expect, it } from 'vitest';
import {
  type ConfigSnapshot,
  ConflictError,
  createClient,
  type FlagsConfig,
  isConfigHistoryError,
  type RedisStore,
} from './redis-deps.js';
import { eventually, flag, sleep } from './redis-fixtures.js';
import type { RedisTarget } from './redis-target.js';

/**
 * The configuration's history on Redis when Redis goes back: a failover to a replica that missed
 * the last writes leaves the stored configuration exactly as it was a few writes earlier, which is
 * what restoring a DUMP taken then does here. Subscribers must follow what is stored from then on,
 * report the step back once, and writers must not overwrite content they never read.
 */
export function historySuite(target: () => RedisTarget): void {
  afterEach(() => target().closeAll());

  let counter = 0;
  type Make = (options?: { pollIntervalMs?: number; prefix?: string }) => RedisStore;
  const freshStore = (): [RedisStore, Make] => {
    counter += 1;
    const prefix = `${target().prefix}history-${counter}:`;
    const make: Make = (options = {}) => target().store({ prefix, ...options });
    return [make(), make];
  };

  /** The stored configuration as a replica holds it, or as a backup keeps it. */
  const dump = async (store: RedisStore): Promise<Buffer> => {
    const bytes = await store.client.dumpBuffer(store.keys.config);
    if (bytes === null) throw new Error('nothing stored to dump');
    return bytes;
  };
  /** The replica takes over, or the backup is restored: no script runs, nothing is announced. */
  const restore = async (store: RedisStore, bytes: Buffer): Promise<void> => {
    await store.client.restore(store.keys.config, 0, bytes, 'REPLACE');
  };
  const killSwitch = (config: FlagsConfig, key: string): FlagsConfig => ({
    ...config,
    flags: config.flags.map((candidate) =>
      candidate.key === key ? { ...candidate, enabled: false } : candidate,
    ),
  });
  const enabledIn = (snapshot: ConfigSnapshot | null | undefined, key: string): boolean | undefined => {
    const found = snapshot?.config.flags.find((candidate) => candidate.key === key);
    return found === undefined ? undefined : found.enabled !== false;
  };
  const historyReports = (errors: Error[]) => errors.filter(isConfigHistoryError);

  /** Versions 1 and 2 written, the replica's copy taken at 2, then version 3 (which it misses). */
  const lossyHistory = async (writer: RedisStore): Promise<Buffer> => {
    await writer.writeConfig(
      { flags: [flag('checkout', 'on'), flag('banner', 'off')] },
      { expectedVersion: 0 },
    );
    await writer.writeConfig(
      { flags: [flag('checkout', 'on'), flag('banner', 'on')] },
      { expectedVersion: 1 },
    );
    const replica = await dump(writer);
    await writer.writeConfig(
      { flags: [flag('checkout', 'on'), flag('banner', 'on'), flag('search', 'on')] },
      { expectedVersion: 2 },
    );
    return replica;
  };

  /** Subscribes `follower`, then writes the lossy history: resolves once it was delivered version 3. */
  const followLossyHistory = async (writer: RedisStore, follower: RedisStore) => {
    const replica = await lossyHistory(writer);
    const delivered: ConfigSnapshot[] = [];
    follower.subscribeConfig((snapshot) => delivered.push(snapshot));
    await eventually(() => delivered.at(-1)?.version === 3, 'the follower has version 3');
    return { replica, delivered };
  };

  describe('a write after a lossy failover reaches every subscriber', () => {
    it('a kill switch written after the version went back is delivered through pub/sub', async () => {
      const [writer, make] = freshStore();
      // A poll this slow never runs during the test: only the announcement can deliver the change.
      const follower = make({ pollIntervalMs: 600_000 });
      const { replica, delivered } = await followLossyHistory(writer, follower);

      await restore(writer, replica);
      // `rampkit flags disable checkout` from another process: read, change one flag, compare-and-set.
      const operator = make();
      const current = await operator.loadConfig();
      expect(current?.version).toBe(2);
      const written = await operator.writeConfig(killSwitch(current!.config, 'checkout'), {
        expectedVersion: 2,
      });
      expect(written.version).toBe(3);

      await eventually(
        () => enabledIn(delivered.at(-1), 'checkout') === false,
        'the follower has the kill switch',
      );
      expect(delivered.at(-1)?.config).toEqual(written.config);
    });

    it('a Rampkit client stops serving a flag disabled after the version went back', async () => {
      const [writer, make] = freshStore();
      const replica = await lossyHistory(writer);
      const client = createClient({ store: make({ pollIntervalMs: 600_000 }) });
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      await client.ready();
      await eventually(() => client.configVersion === 3, 'the client has version 3');
      expect(client.isEnabled('checkout', { targetingKey: 'u1' })).toBe(true);

      await restore(writer, replica);
      const current = await writer.loadConfig();
      await writer.writeConfig(killSwitch(current!.config, 'checkout'), {
        expectedVersion: current!.version,
      });

      await eventually(
        () => !client.isEnabled('checkout', { targetingKey: 'u1' }),
        'the client serves checkout disabled',
      );
      expect(client.configVersion).toBe(3);
      expect(historyReports(errors)).toHaveLength(1);
      // Later writes order by version again.
      const next = await writer.loadConfig();
      await writer.writeConfig({ flags: [flag('checkout', 'on')] }, { expectedVersion: next!.version });
      await eventually(() => client.configVersion === 4, 'the client has version 4');
      expect(client.isEnabled('checkout', { targetingKey: 'u1' })).toBe(true);
      await client.close();
    });

    it('several writes after the step back are each delivered, in order', async () => {
      const [writer, make] = freshStore();
      const follower = make({ pollIntervalMs: 600_000 });
      const { replica, delivered } = await followLossyHistory(writer, follower);
      await restore(writer, replica);
      for (const [expectedVersion, tag] of [
        [2, 'first'],
        [3, 'second'],
        [4, 'third'],
      ] as const) {
        await writer.writeConfig({ flags: [flag('checkout', 'on', tag)] }, { expectedVersion });
        await eventually(
          () => delivered.at(-1)?.config.flags[0]?.description === tag,
          `the follower has the ${tag} write`,
        );
      }
      expect(delivered.slice(1).map((snapshot) => snapshot.version)).toEqual([3, 4, 5]);
    });
  });

  describe('the step back itself is followed and reported once', () => {
    it('the version poll finds the older configuration, delivers it and reports the step once', async () => {
      const [writer, make] = freshStore();
      const follower = make({ pollIntervalMs: 40 });
      const errors: Error[] = [];
      follower.on('error', (error) => errors.push(error));
      const { replica, delivered } = await followLossyHistory(writer, follower);

      await restore(writer, replica);
      await eventually(() => delivered.at(-1)?.version === 2, 'the follower follows the stored version 2');
      expect(enabledIn(delivered.at(-1), 'search')).toBeUndefined();
      await eventually(() => historyReports(errors).length === 1, 'the step back is reported');
      const [report] = historyReports(errors);
      expect(report).toMatchObject({ kind: 'rewound', from: { version: 3 }, to: { version: 2 } });
      expect(report?.message).toContain('went back from version 3 to version 2');

      // Many polls later: still one report, one delivery of version 2.
      await sleep(400);
      expect(historyReports(errors)).toHaveLength(1);
      expect(delivered.map((snapshot) => snapshot.version)).toEqual([3, 2]);

      await writer.writeConfig({ flags: [flag('checkout', 'off')] }, { expectedVersion: 2 });
      await eventually(() => delivered.at(-1)?.version === 3, 'the follower has the new version 3');
      expect(delivered.at(-1)?.config.flags).toEqual([flag('checkout', 'off')]);
      expect(historyReports(errors)).toHaveLength(1);
    });

    it('a backup restored with the same version and generation but other content is picked up by the poll', async () => {
      const [writer, make] = freshStore();
      await writer.writeConfig({ flags: [flag('checkout', 'on', 'v1')] }, { expectedVersion: 0 });
      const atOne = await dump(writer);
      await writer.writeConfig({ flags: [flag('checkout', 'on', 'live v2')] }, { expectedVersion: 1 });

      // The backup: the same history up to version 1, then another version 2, kept elsewhere.
      const elsewhere = make({ prefix: `${target().prefix}history-${counter}-backup:` });
      expect(await elsewhere.loadConfig()).toBeNull();
      await restore(elsewhere, atOne);
      await elsewhere.writeConfig({ flags: [flag('checkout', 'off', 'backup v2')] }, { expectedVersion: 1 });
      const backup = await dump(elsewhere);

      const follower = make({ pollIntervalMs: 40 });
      const errors: Error[] = [];
      follower.on('error', (error) => errors.push(error));
      const delivered: ConfigSnapshot[] = [];
      follower.subscribeConfig((snapshot) => delivered.push(snapshot));
      await eventually(() => delivered.length === 1, 'the follower has version 2');
      expect(delivered[0]?.config.flags[0]?.description).toBe('live v2');

      await restore(writer, backup);
      await eventually(
        () => delivered.at(-1)?.config.flags[0]?.description === 'backup v2',
        'the follower has the restored version 2',
      );
      expect(delivered.map((snapshot) => snapshot.version)).toEqual([2, 2]);
      expect(historyReports(errors)).toHaveLength(1);
      expect(historyReports(errors)[0]).toMatchObject({
        kind: 'rewound',
        from: { version: 2 },
        to: { version: 2 },
      });
    });

    it('a store that only reads (loadConfig) reports the step back once too', async () => {
      const [writer, make] = freshStore();
      const replica = await lossyHistory(writer);
      const reader = make();
      const errors: Error[] = [];
      reader.on('error', (error) => errors.push(error));
      expect((await reader.loadConfig())?.version).toBe(3);
      await restore(writer, replica);
      expect((await reader.loadConfig())?.version).toBe(2);
      expect((await reader.loadConfig())?.version).toBe(2);
      expect(historyReports(errors)).toHaveLength(1);
    });
  });

  describe('compare-and-set after a lossy failover', () => {
    it('a writer holding a version the failover lost gets ConflictError', async () => {
      const [writer, make] = freshStore();
      const replica = await lossyHistory(writer);
      const late = make();
      expect((await late.loadConfig())?.version).toBe(3);
      await restore(writer, replica);
      const error = await late.writeConfig({ flags: [flag('x')] }, { expectedVersion: 3 }).catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'RAMPKIT_CONFLICT', expectedVersion: 3, actualVersion: 2 });
      expect((await writer.loadConfig())?.version).toBe(2);
    });

    it('a writer whose version number came back with other content gets ConflictError, then writes after reading', async () => {
      const [writer, make] = freshStore();
      const replica = await lossyHistory(writer);
      const late = make();
      const read = await late.loadConfig();
      expect(read?.version).toBe(3);
      await restore(writer, replica);
      const other = await writer.writeConfig(
        { flags: [flag('checkout', 'off', 'other')] },
        { expectedVersion: 2 },
      );
      expect(other.version).toBe(3);

      // Version 3 again, but not the version 3 `late` read: writing over it would lose `other`.
      const error = await late
        .writeConfig(killSwitch(read!.config, 'banner'), { expectedVersion: 3 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'RAMPKIT_CONFLICT', expectedVersion: 3, actualVersion: 3 });
      expect(String(error.message)).toContain('other content');
      expect((await writer.loadConfig())?.config).toEqual(other.config);

      const reread = await late.loadConfig();
      expect(reread?.config).toEqual(other.config);
      const written = await late.writeConfig(killSwitch(reread!.config, 'checkout'), { expectedVersion: 3 });
      expect(written.version).toBe(4);
    });

    it('a writer that read after the failover writes as usual', async () => {
      const [writer, make] = freshStore();
      const replica = await lossyHistory(writer);
      await restore(writer, replica);
      const fresh = make();
      const read = await fresh.loadConfig();
      const written = await fresh.writeConfig(killSwitch(read!.config, 'checkout'), {
        expectedVersion: read!.version,
      });
      expect(written.version).toBe(3);
      expect(enabledIn(await writer.loadConfig(), 'checkout')).toBe(false);
    });
  });
}
