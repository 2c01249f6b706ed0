import { beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, expectExit, runCli, runCliJson } from './support/cli.js';

beforeAll(async () => {
  await buildCliWhenStale();
});

interface DesignPlan {
  design: { mode: string; looks?: number };
  minimumDetectableEffect: number;
  totalUnits: number;
  multiplier?: number;
  days?: number;
}

function plan(args: string[]): Promise<{ designs: DesignPlan[] }> {
  return runCliJson(['experiment', 'plan', ...args, '--json']);
}

describe('rampkit experiment plan', () => {
  it('gives the textbook fixed-horizon size: 10% → 11% at α 5% two-sided and 80% power is 14,748 per arm', async () => {
    // (z.975 + z.8)² (p₀q₀ + p₁q₁) / δ² = 2.801585² × 0.1879 / 0.01² = 14,748.05 per arm (SciPy's norm.ppf).
    const { designs } = await plan(['--rate', '10%', '--mde', '10%', '--design', 'fixed']);
    expect(designs[0]?.design).toEqual({ mode: 'fixedHorizon' });
    expect(designs[0]?.totalUnits).toBe(Math.ceil(2 * 14_748.045_020_841_937));
  });

  it('prices each design against reading once: sequential costs most, planned looks little', async () => {
    const { designs } = await plan(['--rate', '4%', '--mde', '5%', '--per-day', '20000']);
    const byMode = Object.fromEntries(designs.map((design) => [design.design.mode, design]));
    expect(designs[0]?.design.mode).toBe('sequential');
    expect(byMode.fixedHorizon?.multiplier).toBe(1);
    expect(byMode.groupSequential?.multiplier).toBeGreaterThan(1);
    expect(byMode.groupSequential?.multiplier).toBeLessThan(1.15);
    expect(byMode.sequential?.multiplier).toBeGreaterThan(1.5);
    expect(byMode.sequential?.multiplier).toBeLessThanOrEqual(1.75);
    for (const design of designs) expect(design.days).toBeCloseTo(design.totalUnits / 20_000, 9);
  });

  it('turns a number of units into the smallest lift they detect, the inverse of the size', async () => {
    const sized = await plan(['--mean', '31.5', '--sd', '88', '--mde', '4%', '--design', 'fixed']);
    const units = sized.designs[0]?.totalUnits as number;
    const { designs } = await plan([
      '--mean',
      '31.5',
      '--sd',
      '88',
      '--units',
      String(units),
      '--design',
      'fixed',
    ]);
    expect(designs[0]?.totalUnits).toBe(units);
    expect(designs[0]?.minimumDetectableEffect).toBeCloseTo(0.04, 4);
  });

  it('needs fewer units with CUPED and for a one-sided guardrail', async () => {
    const plain = await plan(['--rate', '4%', '--mde', '5%', '--design', 'fixed']);
    const cuped = await plan(['--rate', '4%', '--mde', '5%', '--design', 'fixed', '--correlation', '0.7']);
    const guardrail = await plan(['--rate', '4%', '--mde', '5%', '--design', 'fixed', '--guardrail']);
    const units = (result: { designs: DesignPlan[] }) => result.designs[0]?.totalUnits as number;
    // CUPED removes ρ² = 49% of the variance.
    expect(units(cuped) / units(plain)).toBeCloseTo(0.51, 2);
    expect(units(guardrail)).toBeLessThan(units(plain));
  });

  it('prints the plan for people with every design in a table', async () => {
    const result = await runCli(['experiment', 'plan', '--rate', '4%', '--mde', '5%', '--per-day', '20000']);
    expectExit(result, 0);
    expect(result.stdout).toContain('Baseline conversion rate 4.00%; 2 arms; α 0.05 two-sided; power 80%');
    expect(result.stdout).toMatch(
      /sequential \(read any time\): [\d,]+ units \([\d,]+ per arm\) detect a relative lift of \+5%; \d+ days at 20,000 units a day/,
    );
    expect(result.stdout).toMatch(/group sequential \(5 looks\) +[\d,]+ +[\d,]+ +\+5% +1\.0\d× +\d+ days/);
  });

  it.each([
    [['--rate', '4%'], 'give exactly one of --mde and --units'],
    [['--mde', '5%'], 'give the baseline as --rate, or as --mean with --sd'],
    [['--mean', '3', '--mde', '5%'], '--mean needs --sd'],
    [['--rate', 'lots', '--mde', '5%'], '--rate must be a positive share like 5% or 0.05, got "lots"'],
    [['--rate', '150%', '--mde', '5%'], '--rate: must be a number above 0 and below 1'],
    [['--rate', '4%', '--mde', '5%', '--alpha', '0.9'], '--alpha: must be a number above 0 and at most 0.5'],
    [
      ['--rate', '4%', '--mde', '5%', '--design', 'bayesian'],
      '--design must be one of sequential, fixed, group',
    ],
    [['--rate', '4%', '--mde', '5%', '--arms', '2.5'], '--arms must be a whole number'],
  ])('rejects %j naming the option', async (args, message) => {
    const result = await runCli(['experiment', 'plan', ...args]);
    expectExit(result, 2);
    expect(result.stderr).toContain(message);
  });
});
