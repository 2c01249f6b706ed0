/**
 * The warehouse path on a real PostgreSQL (POSTGRES_URL, default the local `test` database):
 *   1. batch insert rate of the sink, UNNEST (one array per column) against multi-row VALUES, in
 *      alternating rounds so both see the same machine load;
 *   2. readStatistics time for an experiment of 10,000 and 100,000 units (3 metrics: binomial with
 *      CUPED, a capped mean with CUPED, a ratio);
 *   3. what a percentile cap and a supplied covariate cost: one mean metric read with a fixed cap
 *      against a percentile cap, and with a pre-period covariate against a supplied one.
 * Works in a schema of its own, dropped at the end.
 *
 *   node bench/warehouse/run.mjs [--quick]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createPostgresSink, createPostgresWarehouse } from '@rampkit/postgres';
import pg from 'pg';

const quick = process.argv.includes('--quick');
const url = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `rk_bench_${process.pid}`;
const ROWS = quick ? 20_000 : 100_000;
const ROUNDS = quick ? 2 : 4;
const SIZES = quick ? [10_000] : [10_000, 100_000];
const READS = quick ? 3 : 5;

const pool = new pg.Pool({ connectionString: url, max: 4 });
try {
  await pool.query('SELECT 1');
} catch (error) {
  process.stderr.write(`bench/warehouse: no PostgreSQL at ${url} (${error.message}); skipped\n`);
  process.exit(0);
}
const version = (await pool.query('SHOW server_version')).rows[0].server_version;
const warehouse = createPostgresWarehouse({ pool, schema });
await warehouse.migrate();

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 15);
let seed = 42;
function random() {
  // mulberry32: the same data every run.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

async function insertRound(statement, round) {
  const sink = createPostgresSink({ pool, schema, statement, batchSize: 1000, flushIntervalMs: 3_600_000 });
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROWS; i++) {
    const unit = `ins-${statement}-${round}-${i % (ROWS / 10)}`;
    if (i % 10 === 0) {
      sink.recordExposure({
        flagKey: 'insert-bench',
        variation: i % 20 === 0 ? 'control' : 'green',
        unit,
        flagVersion: 1,
        reason: 'SPLIT',
        inExperiment: true,
        timestamp: START + i,
      });
    } else {
      sink.recordEvent({ metricKey: 'revenue', unit, value: random() * 100, timestamp: START + i });
    }
    if (i % 1000 === 999) await sink.flush();
  }
  await sink.close();
  return ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
}

const rates = { unnest: [], values: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const statement of round % 2 === 0 ? ['unnest', 'values'] : ['values', 'unnest']) {
    rates[statement].push(await insertRound(statement, round));
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function loadExperiment(key, units) {
  const sink = createPostgresSink({ pool, schema, batchSize: 5000, flushIntervalMs: 3_600_000 });
  for (let i = 0; i < units; i++) {
    const unit = `${key}-u${i}`;
    const exposedAt = START + Math.floor(random() * 7 * DAY);
    sink.recordExposure({
      flagKey: key,
      variation: random() < 0.5 ? 'control' : 'green',
      unit,
      flagVersion: 1,
      reason: 'SPLIT',
      inExperiment: true,
      timestamp: exposedAt,
    });
    const event = (metricKey, value, at) => sink.recordEvent({ metricKey, unit, value, timestamp: at });
    if (random() < 0.1) event('purchase', 1, exposedAt + 1000);
    if (random() < 0.3) event('purchase', 1, START - Math.floor(random() * 14 * DAY));
    for (let s = Math.floor(random() * 4); s > 0; s--) {
      event('session', 1, exposedAt + s * 1000);
      if (random() < 0.5) event('click', 1, exposedAt + s * 1000 + 1);
    }
    if (random() < 0.2) event('revenue', Math.exp(3 + random() * 2), exposedAt + 5000);
    if (random() < 0.2) event('revenue', Math.exp(3 + random() * 2), START - DAY);
    // Not drawn from random(), so the exposures and events are the ones earlier runs measured.
    if (i % 5 !== 0)
      sink.recordCovariate({ experiment: key, metric: 'revenue', unit, value: (i % 97) * 1.5 });
    if (i % 5000 === 4999) await sink.flush();
  }
  await sink.close();
  await pool.query(
    `ANALYZE "${schema}".exposures; ANALYZE "${schema}".events; ANALYZE "${schema}".covariates`,
  );
}

const definition = (key) => ({
  key,
  arms: [{ key: 'control' }, { key: 'green' }],
  control: 'control',
  metrics: [
    { key: 'purchase', kind: 'binomial', cuped: { covariate: 'prePeriod' } },
    { key: 'revenue', kind: 'mean', cap: { value: 100 }, cuped: { covariate: 'prePeriod' } },
    { key: 'clicksPerSession', kind: 'ratio' },
  ],
});
const window = {
  from: new Date(START),
  to: new Date(START + 14 * DAY),
  prePeriod: { from: new Date(START - 28 * DAY), to: new Date(START) },
  events: { clicksPerSession: { event: 'click', denominator: 'session' } },
};

const revenueOnly = (key, metric) => ({
  ...definition(key),
  metrics: [{ key: 'revenue', kind: 'mean', ...metric }],
});
const VARIANTS = {
  'fixed cap': { cap: { value: 100 } },
  'percentile cap (p99)': { cap: { percentile: 99 } },
  'pre-period CUPED': { cuped: { covariate: 'prePeriod' } },
  'supplied CUPED': { cuped: { covariate: 'supplied' } },
};

const reads = [];
const variantReads = [];
for (const size of SIZES) {
  const key = `read-${size}`;
  await loadExperiment(key, size);
  const events = (
    await pool.query(`SELECT count(*)::int AS n FROM "${schema}".events WHERE unit LIKE $1`, [`${key}-%`])
  ).rows[0].n;
  const times = [];
  let stats;
  for (let r = 0; r < READS; r++) {
    const started = process.hrtime.bigint();
    stats = await warehouse.readStatistics(definition(key), window);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const units = Object.values(stats.arms).reduce((total, arm) => total + arm.units, 0);
  if (units !== size) throw new Error(`read ${units} units, loaded ${size}`);
  reads.push({ size, events, median: median(times), min: Math.min(...times) });
  // The variants in rotating order, so each sees the same share of the machine's load.
  const names = Object.keys(VARIANTS);
  const variantTimes = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < READS; r++) {
    for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) {
      const started = process.hrtime.bigint();
      await warehouse.readStatistics(revenueOnly(key, VARIANTS[name]), window);
      variantTimes[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  for (const name of names) {
    const times = variantTimes[name];
    variantReads.push({ size, name, median: median(times), min: Math.min(...times) });
  }
}

await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await pool.end();

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const lines = [
  `## warehouse (PostgreSQL ${version}${quick ? ', --quick' : ''})`,
  '',
  `Batch insert, ${fmt(ROWS)} records a round (1 exposure : 9 events), batches of 1,000, ${ROUNDS} rounds each:`,
  '',
  '| statement | rows/s (median) | rounds |',
  '| --- | --- | --- |',
  `| UNNEST | ${fmt(median(rates.unnest))} | ${rates.unnest.map(fmt).join(', ')} |`,
  `| VALUES | ${fmt(median(rates.values))} | ${rates.values.map(fmt).join(', ')} |`,
  '',
  `UNNEST / VALUES: ${(median(rates.unnest) / median(rates.values)).toFixed(2)}×`,
  '',
  `readStatistics, 3 metrics (binomial + CUPED, capped mean + CUPED, ratio), ${READS} reads:`,
  '',
  '| units | events | median ms | min ms |',
  '| --- | --- | --- | --- |',
  ...reads.map((r) => `| ${fmt(r.size)} | ${fmt(r.events)} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)} |`),
  '',
  `readStatistics, one mean metric (revenue), ${READS} reads each, in rotating order:`,
  '',
  '| units | metric | median ms | min ms |',
  '| --- | --- | --- | --- |',
  ...variantReads.map((r) => `| ${fmt(r.size)} | ${r.name} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)} |`),
  '',
];
const report = lines.join('\n');
process.stdout.write(`${report}\n`);
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/warehouse.md', import.meta.url), report);
