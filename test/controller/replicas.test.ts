import type { HistoryEntry, RolloutStatus, TransitionEntry } from '@rampkit/rollout';
import { afterAll, describe, expect, it } from 'vitest';
import { canaryFlag, expectExit, runCli, runCliJson } from '../cli/support/cli.js';
import { feedMetrics } from '../cli/support/synthetic-traffic.js';
import { redisWorkspace } from '../cli/support/workspace.js';
import { REDIS_URL } from '../support/redis.js';
import { RedisStore } from '../support/redis-deps.js';
import { controllerLauncher } from './support/controller-process.js';

const { available, prefix, store, work } = await redisWorkspace(
  'controller-replicas',
  'two rampkit controllers on one Redis (test/controller/replicas.test.ts)',
);
const LEASE = ['--poll-interval', '200ms', '--lease-ttl', '2s'];

function status(id: string): Promise<RolloutStatus> {
  return runCliJson<RolloutStatus>(['rollout', 'status', id, '--json', ...store]);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe.skipIf(!available)('two standing controllers on one Redis', () => {
  const traffic = new RedisStore({ url: REDIS_URL, prefix });
  const { start, started: controllers } = controllerLauncher();
  afterAll(() => traffic.close());

  it('kill -9 the lease holder mid-rollout: the other finishes it, no step applied twice', async () => {
    expectExit(await runCli(['flags', 'set', '--inline', JSON.stringify([canaryFlag('pay')]), ...store]), 0);
    const stopTraffic = feedMetrics(traffic, 'pay', { stable: 0.01, canary: 0.01 });
    try {
      await start('ctl-a', [...LEASE, ...store]);
      await start('ctl-b', [...LEASE, ...store]);
      const plan = work.file('pay-v2', {
        id: 'pay-v2',
        flag: 'pay',
        strategy: 'canary',
        steps: [
          { weight: 10, hold: '1s' },
          { weight: 30, hold: '3s' },
          { weight: 60, hold: '1s' },
          { weight: 100 },
        ],
        analysis: {
          interval: '300ms',
          minRequests: 30,
          maxErrorRate: 0.05,
          compareLatency: { enabled: false },
          noData: { deadline: '1m', action: 'pause' },
        },
      });
      expectExit(await runCli(['rollout', 'start', plan, ...store]), 0);

      // Mid-rollout: the second step's weight is in force, under one controller's lease.
      const mid = await until(
        () => status('pay-v2'),
        (s) => s.step.index === 1 && s.weight === 30 && s.driver.driven,
        30_000,
      );
      const driver = mid.driver.driven ? mid.driver.holder : '';
      const holder = controllers.find((c) => c.id === driver);
      const survivor = controllers.find((c) => c.id !== driver);
      if (holder === undefined || survivor === undefined)
        throw new Error(`driven by "${driver}", not by a controller of this test`);
      holder.child.kill('SIGKILL');
      expect(await holder.exited).toBe('SIGKILL');

      const final = await until(
        () => status('pay-v2'),
        (s) => s.status === 'promoted' && s.weight === 100,
        60_000,
      );
      expect(final.driver).toMatchObject({ driven: false, lastHolder: survivor.id });

      // The killed controller drove steps before it died; the survivor took over with a newer fence.
      expect(holder.log.some((l) => l.msg === 'rollout stepStarted' && l.rollout === 'pay-v2')).toBe(true);
      const taken = survivor.log.filter((l) => l.msg === 'lease acquired: driving' && l.rollout === 'pay-v2');
      const held = holder.log.filter((l) => l.msg === 'lease acquired: driving' && l.rollout === 'pay-v2');
      expect(Math.max(...taken.map((l) => l.token as number))).toBeGreaterThan(
        Math.max(...held.map((l) => l.token as number)),
      );
      const history = await runCliJson<HistoryEntry[]>(['rollout', 'history', 'pay-v2', '--json', ...store]);
      const transitions = history.filter((entry): entry is TransitionEntry => entry.kind === 'transition');
      const entered = transitions.filter((t) => t.type === 'stepStarted').map((t) => t.stepIndex);
      const completed = transitions.filter((t) => t.type === 'stepCompleted').map((t) => t.stepIndex);
      // Every step entered once and completed once, in order, across the hand-over.
      expect(entered).toEqual([0, 1, 2, 3]);
      expect(completed).toEqual([0, 1, 2, 3]);
      expect(transitions.filter((t) => t.type === 'promoted')).toHaveLength(1);
      const seqs = transitions.map((t) => t.seq);
      expect(new Set(seqs).size).toBe(seqs.length);

      survivor.child.kill('SIGTERM');
      expect(await survivor.exited).toBe(0);
    } finally {
      await stopTraffic();
    }
  }, 120_000);
});
