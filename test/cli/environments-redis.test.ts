import { join } from 'node:path';
import { promoteFlags } from '@rampkit/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { type FlagsConfig, RedisStore } from '../support/redis-deps.js';
import {
  buildCliWhenStale,
  canaryFlag,
  expectExit,
  fastPlan,
  runCli,
  tempDir,
  writeJson,
} from './support/cli.js';

const available = await redisForSuite(
  'flags diff and promote against Redis (test/cli/environments-redis.test.ts)',
);
const base = uniquePrefix('envs');
const stagingPrefix = `${base}staging:`;
const prodPrefix = `${base}prod:`;
const staging = `${REDIS_URL}?prefix=${stagingPrefix}`;
const prod = `${REDIS_URL}?prefix=${prodPrefix}`;
const envs = ['--from', staging, '--to', prod];
const work = tempDir('environments-redis');

beforeAll(() => buildCliWhenStale());
afterAll(async () => {
  work.remove();
  if (available) await cleanupPrefix(base);
});

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

  it('refuses a flag a live rollout owns in the target, unless forced with a reason', async () => {
    writeJson(join(work.dir, 'plan.json'), fastPlan('search-v2', 'search'));
    expectExit(await runCli(['rollout', 'start', join(work.dir, 'plan.json'), '--store', prod]), 0);
    const changed = { ...canaryFlag('search'), description: 'new search' };
    expectExit(await runCli(['flags', 'set', '--inline', JSON.stringify(changed), '--store', staging]), 0);
    const refused = await runCli(['flags', 'promote', 'search', ...envs]);
    expectExit(refused, 1);
    expect(refused.stderr).toContain('flag search is owned by live rollout search-v2');
    const dry = await runCli(['flags', 'promote', 'search', ...envs, '--dry-run']);
    expectExit(dry, 1);
    expect(dry.stdout).toContain('would be refused');
    const forced = await runCli([
      'flags',
      'promote',
      'search',
      ...envs,
      '--force',
      '--reason',
      'incident 88',
    ]);
    expectExit(forced, 0);
    const [entry] = JSON.parse((await runCli(['flags', 'history', '--store', prod, '--json'])).stdout);
    expect(entry).toMatchObject({ action: 'flags.promote.forced' });
  });

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
