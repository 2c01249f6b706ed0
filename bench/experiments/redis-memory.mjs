/**
 * Redis memory of tracked experiment data, per unit and per (unit, metric): writes `--units` UUID
 * units of one experiment through RedisStore.writeExperimentData (one exposure each, then 0, 1 and 2
 * metrics each), and reads `MEMORY USAGE … SAMPLES 0` of the experiment's three hashes. Uses
 * REDIS_URL (default redis://127.0.0.1:6379) under a prefix of its own, deleted at the end.
 *
 *   node bench/experiments/redis-memory.mjs [--units N]
 *
 * Needs the built packages (pnpm build).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { RedisStore } from '@rampkit/redis';
import { Redis } from 'ioredis';

const { values: args } = parseArgs({ options: { units: { type: 'string', default: '10000' } } });
const units = Number(args.units);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-exp-memory-${process.pid}:`;
const redis = new Redis(url);
const store = new RedisStore({ url, prefix });

const ids = Array.from({ length: units }, () => randomUUID());
let writes = 0;
const write = (exposures, increments) =>
  store.writeExperimentData({ writeId: `bench-${++writes}`, exposures, increments });

async function usage() {
  let bytes = 0;
  for (const key of [
    store.keys.experimentExposures('exp'),
    store.keys.experimentTotals('exp'),
    store.keys.experimentMetricCounts('exp'),
  ]) {
    bytes += (await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0;
  }
  return bytes;
}

const rows = [];
await write(
  ids.map((unit, i) => ({
    experimentKey: 'exp',
    unit,
    arm: i % 2 ? 'treatment' : 'control',
    exposedAt: Date.now(),
  })),
  [],
);
rows.push(['exposed, no metric', await usage()]);
for (const metricKey of ['purchase', 'revenue']) {
  await write(
    [],
    ids.map((unit, i) => ({
      experimentKey: 'exp',
      unit,
      arm: i % 2 ? 'treatment' : 'control',
      metricKey,
      count: 3,
      sum: 12.5 * (i % 7),
    })),
  );
  rows.push([`+ metric ${metricKey}`, await usage()]);
}

const info = await redis.info('server');
const version = /redis_version:(\S+)/.exec(info)?.[1];
const lines = [
  `Redis ${version}, ${units.toLocaleString('en')} units (UUID ids), one experiment, ${new Date().toISOString()}`,
  '',
  '| stored | bytes, three hashes | bytes per unit | added per unit |',
  '| --- | ---: | ---: | ---: |',
];
let previous = 0;
for (const [label, bytes] of rows) {
  lines.push(
    `| ${label} | ${bytes.toLocaleString('en')} | ${Math.round(bytes / units)} | ${Math.round((bytes - previous) / units)} |`,
  );
  previous = bytes;
}
process.stdout.write(`${lines.join('\n')}\n`);
for (const key of await redis.keys(`*${prefix}*`)) await redis.del(key);
await store.close();
redis.disconnect();
