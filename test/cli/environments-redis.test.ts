import { promoteFlags } from '@rampkit/cli';
import { describe, expect, it } from 'vitest';
import { REDIS_URL } from '../support/redis.js';
import { type FlagsConfig, RedisStore } from '../support/redis-deps.js';
import { canaryFlag, expectExit, runCli } from './support/cli.js';
import { between, promotionSuite } from './support/environments-suite.js';
import { redisWorkspace } from './support/workspace.js';

const {
  available,
  prefix: base,
  work,
} = await redisWorkspace(
  'envs',
  'flags diff and promote against Redis (test/cli/environments-redis.test.ts)',
);
const stagingPrefix = `${base}staging:`;
const prodPrefix = `${base}prod:`;
const environments = {
  staging: `${REDIS_URL}?prefix=${stagingPrefix}`,
  prod: `${REDIS_URL}?prefix=${prodPrefix}`,
  dir: work.dir,
};
const { staging, prod } = environments;
const envs = between(environments);

describe.skipIf(!available)('flags diff and promote between two prefixes of one Redis', () => {
  it('diffs, promotes through compare-and-set with an audit entry, and then agrees', async () => {
    const weighted = {
      ...canaryFlag('checkout'),
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: 5000 },
            { variation: 'stable', weight: 5000 },
          ],
        },
      },
    };
    const set = (flags: unknown[], prefix: string) =>
      runCli(['flags', 'set', '--inline', JSON.stringify(flags), '--store', REDIS_URL, '--prefix', prefix]);
    expectExit(await set([weighted, canaryFlag('search')], stagingPrefix), 0);
    expectExit(await set([canaryFlag('checkout'), canaryFlag('search')], prodPrefix), 0);

    const diff = await runCli(['flags', 'diff', ...envs, '--json']);
    expectExit(diff, 1);
    expect(JSON.parse(diff.stdout)).toMatchObject({
      from: { store: staging, version: 1 },
      to: { store: prod, version: 1 },
      differences: [{ key: 'checkout', status: 'changed' }],
    });

    const promote = await runCli(['flags', 'promote', 'checkout', ...envs, '--reason', 'go', '--json']);
    expectExit(promote, 0);
    expect(JSON.parse(promote.stdout)).toMatchObject({ version: 2, flags: [{ change: 'updated' }] });
    expectExit(await runCli(['flags', 'diff', ...envs]), 0);
    const history = await runCli(['flags', 'history', 'checkout', '--store', prod, '--json']);
    expect(JSON.parse(history.stdout)[0]).toMatchObject({
      action: 'flags.promote',
      reason: `go (from ${staging} version 1)`,
    });
    // The --store URL names its prefix the same way.
    const list = await runCli(['flags', 'list', '--store', prod, '--json']);
    expectExit(list, 0);
    expect(JSON.parse(list.stdout)).toMatchObject({ version: 2 });
  });

  promotionSuite(() => environments);

  it('a write by another client between the read and the write is a conflict: nothing of the promotion is written', async () => {
    const source = new RedisStore({ url: REDIS_URL, prefix: stagingPrefix });
    const target = new RedisStore({ url: REDIS_URL, prefix: prodPrefix });
    const other = new RedisStore({ url: REDIS_URL, prefix: prodPrefix });
    try {
      await source.writeConfig(
        { flags: [canaryFlag('fresh') as unknown as FlagsConfig['flags'][number]] },
        { expectedVersion: (await source.loadConfig())?.version ?? 0 },
      );
      const racing = {
        getDocument: target.getDocument.bind(target),
        putDocument: target.putDocument.bind(target),
        listDocuments: target.listDocuments.bind(target),
        writeConfig: target.writeConfig.bind(target),
        async loadConfig() {
          const snapshot = await target.loadConfig();
          const config = snapshot?.config as FlagsConfig;
          // Another operator, through another connection, disables checkout just after the read.
          const flags = config.flags.map((flag) =>
            flag.key === 'checkout' ? { ...flag, enabled: false } : flag,
          );
          await other.writeConfig({ ...config, flags }, { expectedVersion: snapshot?.version ?? 0 });
          return snapshot;
        },
      } as unknown as RedisStore;
      const before = (await target.loadConfig())?.version ?? 0;
      await expect(
        promoteFlags({
          source: { store: source, name: 'staging' },
          target: { store: racing, name: 'prod' },
          keys: ['fresh'],
          dryRun: false,
          force: false,
          audit: { actor: 'test' },
          now: Date.now,
          warn: () => undefined,
        }),
      ).rejects.toMatchObject({ code: 'RAMPKIT_CONFLICT', exitCode: 1 });
      const after = await other.loadConfig();
      expect(after?.version).toBe(before + 1);
      expect(after?.config.flags.map((flag) => flag.key)).not.toContain('fresh');
    } finally {
      await Promise.all([source.close(), target.close(), other.close()]);
    }
  });
});
