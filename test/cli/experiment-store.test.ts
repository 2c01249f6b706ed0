import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '@rampkit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from '../support/redis.js';
import { type ExperimentDataBatch, RedisStore } from '../support/redis-deps.js';
import { canaryFlag, expectExit, reportArgs, runCli, runCliJson, writeJson } from './support/cli.js';
import { redisWorkspace } from './support/workspace.js';

const { available, prefix, store, work } = await redisWorkspace(
  'cli-experiment',
  'rampkit experiment list and report on Redis (test/cli/experiment-store.test.ts)',
);

/** An A/B test as an application defines it: a flag whose fallthrough splits units 50/50. */
function experimentFlag(key: string, arms: [string, string]): Record<string, unknown> {
  return {
    key,
    kind: 'experiment',
    track: true,
    variations: { [arms[0]]: arms[0], [arms[1]]: arms[1] },
    offVariation: arms[0],
    fallthrough: {
      split: {
        weights: [
          { variation: arms[0], weight: 5000 },
          { variation: arms[1], weight: 5000 },
        ],
      },
    },
  };
}

/**
 * `units` units exposed over an hour, a share `treatmentShare` of them to `green`; each buys with
 * its arm's rate and loads a page in about 300 ms (the guardrail, the same in both arms).
 */
function batch(
  experimentKey: string,
  units: number,
  rates: { control: number; green: number },
  treatmentShare = 0.5,
): ExperimentDataBatch {
  const random = mulberry32(units + Math.round(treatmentShare * 1000));
  const start = Date.now() - 3_600_000;
  const exposures: ExperimentDataBatch['exposures'] = [];
  const increments: ExperimentDataBatch['increments'] = [];
  for (let i = 0; i < units; i++) {
    const arm = random() < treatmentShare ? 'green' : 'control';
    const unit = `user-${i}`;
    exposures.push({ experimentKey, unit, arm, exposedAt: start + Math.floor((3_600_000 * i) / units) });
    if (random() < rates[arm])
      increments.push({ experimentKey, arm, unit, metricKey: 'purchase', count: 1, sum: 1 });
    increments.push({
      experimentKey,
      arm,
      unit,
      metricKey: 'page-load-ms',
      count: 1,
      sum: 250 + 100 * random(),
    });
  }
  return { writeId: `${experimentKey}-${units}`, exposures, increments };
}

const definition = join(work.dir, 'metrics.json');

beforeAll(async () => {
  writeJson(definition, {
    metrics: [
      { key: 'purchase', kind: 'binomial' },
      { key: 'page-load-ms', kind: 'mean', role: 'guardrail', direction: 'lowerIsBetter', tolerance: 0.05 },
    ],
  });
});

describe.skipIf(!available)('rampkit experiment list and report read the tracked data in Redis', () => {
  const redis = new RedisStore({ url: REDIS_URL, prefix });
  /** In slices of 1,000 units, as a tracker's flushes would write them. */
  const write = async (whole: ExperimentDataBatch) => {
    for (let from = 0; from < whole.exposures.length; from += 1000) {
      const exposures = whole.exposures.slice(from, from + 1000);
      const units = new Set(exposures.map((exposure) => exposure.unit));
      await redis.writeExperimentData({
        writeId: `${whole.writeId}-${from}`,
        exposures,
        increments: whole.increments.filter((increment) => units.has(increment.unit)),
      });
    }
  };
  afterAll(() => redis.close());

  beforeAll(async () => {
    const set = await runCli([
      'flags',
      'set',
      '--inline',
      JSON.stringify([
        experimentFlag('checkout-button', ['control', 'green']),
        experimentFlag('search-banner', ['control', 'green']),
        experimentFlag('not-started', ['control', 'green']),
        canaryFlag('payments'),
      ]),
      ...store,
    ]);
    expectExit(set, 0);
    await write(batch('checkout-button', 20_000, { control: 0.1, green: 0.13 }));
    // A redirect loses some of green's users before they are counted: 45% arrive instead of 50%.
    await write(batch('search-banner', 20_000, { control: 0.1, green: 0.1 }, 0.45));
  });

  it('lists the experiments (not the canary) with their split and units exposed per arm', async () => {
    const listed = await runCliJson<{
      tracked: boolean;
      experiments: Array<{ key: string; status: string; exposed: Array<{ arm: string; units: number }> }>;
    }>(['experiment', 'list', '--json', ...store]);
    expect(listed.tracked).toBe(true);
    expect(listed.experiments.map((experiment) => experiment.key)).toEqual([
      'checkout-button',
      'search-banner',
      'not-started',
    ]);
    const units = (key: string) =>
      listed.experiments
        .find((experiment) => experiment.key === key)
        ?.exposed.reduce((sum, arm) => sum + arm.units, 0);
    expect(units('checkout-button')).toBe(20_000);
    expect(units('search-banner')).toBe(20_000);
    expect(units('not-started')).toBe(0);
    expect(listed.experiments.every((experiment) => experiment.status === 'running')).toBe(true);

    const text = await runCli(['experiment', 'list', ...store]);
    expectExit(text, 0);
    expect(text.stdout).toMatch(
      /^checkout-button +running +control 50% \/ green 50% +control [\d,]+ \/ green [\d,]+$/m,
    );
    expect(text.stdout).not.toContain('payments');
  });

  it('reports a real winner from the store: ship green, its lift and interval, the guardrail held', async () => {
    const report = await runCliJson(reportArgs('checkout-button', definition, ['--json', ...store]));
    expect(report.source).toContain('redis://');
    expect(report.result.decision).toMatchObject({ action: 'ship', arm: 'green' });
    expect(report.result.srm.flagged).toBe(false);
    const purchase = report.result.metrics.find((metric: { key: string }) => metric.key === 'purchase');
    const lift = purchase.comparisons[0].relative;
    expect(lift.interval.lower).toBeGreaterThan(0);
    expect(lift.interval.lower).toBeLessThan(lift.estimate);
    const guardrail = report.result.metrics.find((metric: { key: string }) => metric.key === 'page-load-ms');
    expect(guardrail.comparisons[0].verdict).not.toBe('harm');
    // Earlier reads over fewer units: the interval narrows as units come in.
    expect(report.reads.length).toBeGreaterThan(2);
    const widths = report.reads.map((read: { result: typeof report.result }) => {
      const interval = read.result.metrics[0].comparisons[0].relative.interval;
      return interval.upper === null || interval.lower === null
        ? Number.POSITIVE_INFINITY
        : interval.upper - interval.lower;
    });
    expect(widths.at(-1)).toBeLessThan(widths[0]);
    const units = report.reads.map((read: { result: { units: number } }) => read.result.units);
    expect(units).toEqual([...units].sort((a: number, b: number) => a - b));
    expect(units.at(-1)).toBe(20_000);
  });

  it('catches a sample ratio mismatch and withholds the verdict', async () => {
    const page = join(work.dir, 'search-banner.html');
    const result = await runCli(reportArgs('search-banner', definition, ['-o', page, ...store]));
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Decision: withheld — /m);
    expect(result.stdout).toMatch(/^Sample ratio: MISMATCH, verdict withheld /m);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('class="badge withheld"');
    expect(html).toContain('Sample ratio mismatch');
    expect(html.match(/<svg class="chart"/g)?.length).toBeGreaterThan(1);
  });

  it('refuses an experiment the store does not have, and a definition without metrics', async () => {
    const missing = await runCli(reportArgs('nope', definition, store));
    expectExit(missing, 2);
    expect(missing.stderr).toContain('no experiment "nope"');
    const empty = join(work.dir, 'empty.json');
    writeJson(empty, {});
    const invalid = await runCli(reportArgs('checkout-button', empty, store));
    expectExit(invalid, 2);
    expect(invalid.stderr).toMatch(/metrics/);
  });
});

describe('rampkit experiment report on a flags file', () => {
  it('refuses with exit 2: a flags file holds no tracked data', async () => {
    const flags = join(work.dir, 'flags.json');
    writeJson(flags, { flags: [experimentFlag('checkout-button', ['control', 'green'])] });
    const result = await runCli(reportArgs('checkout-button', definition, ['--store', `file:${flags}`]));
    expectExit(result, 2);
    expect(result.stderr).toContain('holds no tracked data');
    const listed = await runCli(['experiment', 'list', '--store', `file:${flags}`]);
    expectExit(listed, 0);
    expect(listed.stdout).toMatch(/^checkout-button +running +control 50% \/ green 50% +–$/m);
    expect(listed.stdout).toContain('keeps no tracked data');
  });
});
