/**
 * One application instance of the Redis benchmark: a RedisStore and a Rampkit client. It reports
 * when it sees each configuration version, and the `mark` flag's value then (monotonic clock,
 * comparable across processes on one machine) and, on request, serves a steady rate of evaluations + recorded outcomes.
 *
 * env: REDIS_URL, RK_PREFIX, RK_FLUSH_MS
 */
import { createClient } from '@rampkit/core';
import { RedisStore } from '@rampkit/redis';

const send = (message) => process.send?.(message);
const store = new RedisStore({ url: process.env.REDIS_URL, prefix: process.env.RK_PREFIX });
const client = createClient({ store, flushIntervalMs: Number(process.env.RK_FLUSH_MS ?? 1000) });
client.on('change', (event) =>
  send({
    type: 'seen',
    version: event.version,
    mark: client.evaluate('mark', { targetingKey: 'bench' }).value ?? null,
    at: String(process.hrtime.bigint()),
  }),
);

let timer;
let served = 0;
let unit = 0;

function startLoad(ratePerSec) {
  clearInterval(timer);
  served = 0;
  const tickMs = 10;
  const perTick = ratePerSec / (1000 / tickMs);
  let owed = 0;
  timer = setInterval(() => {
    owed += perTick;
    for (; owed >= 1; owed -= 1) {
      unit += 1;
      const context = { targetingKey: `user-${unit % 100_000}` };
      const variation = client.variation('checkout', context, 'stable');
      client.record('checkout', variation, { latencyMs: 5 + (unit % 40), error: unit % 100 === 0 });
      served += 1;
    }
  }, tickMs);
}

process.on('message', async (message) => {
  if (message.type === 'load') {
    startLoad(message.ratePerSec);
    send({ type: 'ok', id: message.id });
  } else if (message.type === 'stop-load') {
    clearInterval(timer);
    send({ type: 'ok', id: message.id, served });
  } else if (message.type === 'exit') {
    clearInterval(timer);
    await client.close();
    await store.close();
    send({ type: 'ok', id: message.id });
    process.disconnect();
  }
});

await client.ready({ timeoutMs: 15_000 });
send({ type: 'ready', version: client.configVersion });
