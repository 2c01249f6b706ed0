import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '@rampkit/core/testing';
import {
  buildStatistics,
  type ExperimentInput,
  type UnitObservation,
  validateExperiment,
} from '@rampkit/experiments';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectExit, reportArgs, runCli, runCliJson } from './support/cli.js';
import { cliWorkspace } from './support/workspace.js';

const EXPERIMENT: ExperimentInput = {
  key: 'checkout-button',
  arms: [{ key: 'control' }, { key: 'green' }],
  control: 'control',
  metrics: [
    { key: 'purchase', kind: 'binomial', role: 'goal' },
    { key: 'page-load-ms', kind: 'mean', role: 'guardrail', direction: 'lowerIsBetter' },
  ],
};

const { dir } = cliWorkspace('experiment-report');

/** Units split by `share` into green, converting at the given rates, loading in ~300 ms. */
function write(name: string, units: number, rates: { control: number; green: number }, share = 0.5): string {
  const random = mulberry32(units);
  const observations: UnitObservation[] = [];
  for (let i = 0; i < units; i++) {
    const arm = random() < share ? 'green' : 'control';
    observations.push({
      arm,
      metrics: { purchase: random() < rates[arm] ? 1 : 0, 'page-load-ms': 250 + 100 * random() },
    });
  }
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(buildStatistics(validateExperiment(EXPERIMENT), observations)));
  return path;
}

const definition = join(dir, 'experiment.json');

beforeAll(() => {
  writeFileSync(definition, JSON.stringify(EXPERIMENT));
});

describe('rampkit experiment report', () => {
  it('says to ship a clear winner, with its lift and interval per metric', async () => {
    const stats = write('winner.json', 40_000, { control: 0.1, green: 0.13 });
    const result = await runCli(reportArgs('checkout-button', definition, ['--stats', stats]));
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Decision: ship green — /m);
    expect(result.stdout).toMatch(/^Sample ratio: ok /m);
    expect(result.stdout).toMatch(/^purchase \(goal, binomial, higher is better\)$/m);
    expect(result.stdout).toMatch(/^ {2}green .* better$/m);
    expect(result.stdout).toMatch(/^page-load-ms \(guardrail, mean, lower is better\)$/m);
  });

  it('withholds the verdict when the split is off, naming the observed and expected shares', async () => {
    const stats = write('mismatch.json', 40_000, { control: 0.1, green: 0.13 }, 0.53);
    const report = await runCliJson(reportArgs('checkout-button', definition, ['--stats', stats, '--json']));
    expect(report.schema).toBe('rampkit.experiment-report/1');
    expect(report.result.decision.action).toBe('withheld');
    expect(report.result.srm.flagged).toBe(true);
    expect(report.result.srm.arms.map((arm: { expectedShare: number }) => arm.expectedShare)).toEqual([
      0.5, 0.5,
    ]);
  });

  it('writes a self-contained HTML page with -o', async () => {
    const stats = write('page.json', 10_000, { control: 0.1, green: 0.1 });
    const page = join(dir, 'report.html');
    const result = await runCli(reportArgs('checkout-button', definition, ['--stats', stats, '-o', page]));
    expectExit(result, 0);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Experiment checkout-button');
    expect(html).not.toMatch(/<script|(?:src|href)="https?:/);
  });

  it('refuses statistics that do not fit the experiment, naming what is wrong', async () => {
    const stats = join(dir, 'bad.json');
    writeFileSync(stats, JSON.stringify({ arms: { control: { units: -1, metrics: {} } } }));
    const result = await runCli(reportArgs('checkout-button', definition, ['--stats', stats]));
    expectExit(result, 2);
    expect(result.stderr).toMatch(/arms/);
  });

  it('refuses a definition of another experiment', async () => {
    const stats = write('other.json', 1_000, { control: 0.1, green: 0.1 });
    const result = await runCli(reportArgs('search-ranking', definition, ['--stats', stats]));
    expectExit(result, 2);
    expect(result.stderr).toContain('defines experiment "checkout-button", not "search-ranking"');
  });
});
