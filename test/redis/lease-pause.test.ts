import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, REDIS_URL, redisForSuite, uniquePrefix } from '../support/redis.js';
import { type Lease, RedisStore } from '../support/redis-deps.js';
import { eventually } from '../support/redis-fixtures.js';

const available = await redisForSuite('a paused lease holder is fenced off (test/redis/lease-pause.test.ts)');
const prefix = uniquePrefix('lease-pause');
const HOLDER = fileURLToPath(new URL('./fixtures/lease-holder.mjs', import.meta.url));

type Message = { type: string; token?: number; fence?: boolean; writeError?: string };

describe.skipIf(!available)(
  'a lease holder paused past its TTL loses the lease and its writes are refused',
  () => {
    let child: ChildProcess | undefined;
    let store: RedisStore;

    beforeAll(() => {
      store = new RedisStore({ url: REDIS_URL, prefix });
    });

    afterAll(async () => {
      child?.kill('SIGKILL');
      await store?.close();
      await cleanupPrefix(prefix);
    });

    it('a process stopped with SIGSTOP resumes to find its token refused', async () => {
      const messages: Message[] = [];
      child = fork(HOLDER, [], {
        env: { ...process.env, REDIS_URL, RK_PREFIX: prefix, RK_LEASE: 'controller', RK_TTL_MS: '300' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.on('message', (message: Message) => messages.push(message));
      await eventually(() => messages.some((m) => m.type === 'acquired'), 'the child holds the lease');
      const childToken = messages.find((m) => m.type === 'acquired')?.token as number;
      expect(await store.acquireLease('controller', 'test', 300)).toBeNull();

      child.kill('SIGSTOP');
      let mine: Lease | null = null;
      await eventually(async () => {
        mine = await store.acquireLease('controller', 'test', 10_000);
        return mine !== null;
      }, 'the lease expires and the test takes it');
      const taken = mine as unknown as Lease;
      expect(taken.token).toBeGreaterThan(childToken);
      const state = await store.getDocument<{ by: string }>('controller/state');
      await store.putDocument(
        'controller/state',
        { by: 'test' },
        { expectedVersion: state?.version ?? 0, fence: { lease: 'controller', token: taken.token } },
      );

      child.kill('SIGCONT');
      await eventually(() => messages.some((m) => m.type === 'lost'), 'the resumed child notices the loss');
      expect(messages.find((m) => m.type === 'lost')).toMatchObject({
        token: childToken,
        fence: false,
        writeError: 'RAMPKIT_LEASE_LOST',
      });
      expect((await store.getDocument('controller/state'))?.value).toEqual({ by: 'test' });
      expect(await store.checkFence('controller', taken.token)).toBe(true);
    });
  },
);
