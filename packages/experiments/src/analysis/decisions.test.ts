import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../numerics/holm.js';
import { mean, rate, statsOf, twoArms } from './analysis.test-helper.js';
import { analyzeExperiment } from './analyze-experiment.js';

describe('the decision and its reason', () => {
  it('ships an arm that wins on a goal without harming a guardrail', () => {
    const result = analyzeExperiment(
      twoArms,
      statsOf({
        control: { purchase: rate(40000, 4000), latency: mean(40000, 120, 30) },
        b: { purchase: rate(40000, 4600), latency: mean(40000, 120.1, 30) },
      }),
    );
    expect(result.metrics[0]!.comparisons[0]!.verdict).toBe('better');
    expect(result.metrics[1]!.comparisons[0]!.verdict).toBe('inconclusive');
    expect(result.decision).toMatchObject({ action: 'ship', code: 'GOAL_IMPROVED', arm: 'b' });
    expect(result.decision.reason).toMatch(
      /^b improves purchase \+15\.0% \(\+\d+\.\d+% to \+\d+\.\d+%\), p = .*; no goal worse, no guardrail harmed$/,
    );
  });

  it('keeps control when a guardrail is harmed, even with a winning goal', () => {
    const result = analyzeExperiment(
      twoArms,
      statsOf({
        control: { purchase: rate(40000, 4000), latency: mean(40000, 120, 30) },
        b: { purchase: rate(40000, 4600), latency: mean(40000, 125, 30) },
      }),
    );
    const latency = result.metrics[1]!.comparisons[0]!;
    expect(latency.verdict).toBe('harm');
    expect(latency.test).toBe('harm');
    // One-sided: only the bound on the harm side (latency up) is finite.
    expect(latency.absolute.interval.upper).toBeNull();
    expect(latency.absolute.interval.lower!).toBeGreaterThan(0);
    expect(result.decision).toMatchObject({ action: 'keepControl', code: 'ALL_ARMS_REJECTED' });
    expect(result.decision.reason).toMatch(/^b: guardrail latency harmed \+4\.17%/);
  });

  it('keeps control when a goal is significantly worse', () => {
    const result = analyzeExperiment(
      twoArms,
      statsOf({
        control: { purchase: rate(40000, 4600), latency: mean(40000, 120, 30) },
        b: { purchase: rate(40000, 4000), latency: mean(40000, 120, 30) },
      }),
    );
    expect(result.metrics[0]!.comparisons[0]!.verdict).toBe('worse');
    expect(result.decision.action).toBe('keepControl');
  });

  it('keeps going with the units the MDE still needs, and the days at a given traffic', () => {
    const result = analyzeExperiment(
      twoArms,
      statsOf({
        control: { purchase: rate(2000, 200), latency: mean(2000, 120, 30) },
        b: { purchase: rate(2000, 210), latency: mean(2000, 120, 30) },
      }),
      { unitsPerDay: 10000 },
    );
    const needed = result.metrics[0]!.comparisons[0]!.unitsForMde!;
    // Fixed-horizon units for +5% on 10%: 2 arms × 7.85 × (0.09 + 0.0945) / 0.005² ≈ 116,000; the
    // sequential test needs about 1.66 times that.
    expect(needed).toBeGreaterThan(1.6 * 116000);
    expect(needed).toBeLessThan(1.7 * 116000);
    expect(result.decision).toMatchObject({
      action: 'keepGoing',
      code: 'COLLECTING_EVIDENCE',
      unitsNeeded: needed - 4000,
    });
    expect(result.decision.daysNeeded).toBeCloseTo((needed - 4000) / 10000, 10);
  });

  it('keeps control once the intervals rule out the MDE', () => {
    const result = analyzeExperiment(
      twoArms,
      statsOf({
        control: { purchase: rate(300000, 30000), latency: mean(300000, 120, 30) },
        b: { purchase: rate(300000, 30030), latency: mean(300000, 120, 30) },
      }),
    );
    expect(result.decision).toMatchObject({ action: 'keepControl', code: 'NO_EFFECT_AS_LARGE_AS_MDE' });
    expect(result.metrics[0]!.comparisons[0]!.absolute.interval.upper!).toBeLessThan(0.005);
  });

  it('withholds the verdict on a sample ratio mismatch, with the shares', () => {
    const stats = statsOf({
      control: { purchase: rate(40000, 4000), latency: mean(40000, 120, 30) },
      b: { purchase: rate(38000, 4600), latency: mean(38000, 120, 30) },
    });
    const result = analyzeExperiment(twoArms, stats);
    expect(result.srm.flagged).toBe(true);
    expect(result.decision.action).toBe('withheld');
    expect(result.decision.reason).toMatch(
      /^sample ratio mismatch: control 51\.28% \(expected 50\.00%\), b 48\.72% \(expected 50\.00%\) over 78,000 units/,
    );
  });

  it('a fixed-horizon design decides nothing before its planned size', () => {
    const definition = { ...twoArms, design: { mode: 'fixedHorizon' as const, plannedUnits: 100000 } };
    const early = statsOf({
      control: { purchase: rate(20000, 2000), latency: mean(20000, 120, 30) },
      b: { purchase: rate(20000, 2600), latency: mean(20000, 120, 30) },
    });
    const result = analyzeExperiment(definition, early);
    expect(result.metrics[0]!.comparisons[0]!.pValue).toBeLessThan(1e-10);
    expect(result.metrics[0]!.comparisons[0]!.verdict).toBe('inconclusive');
    expect(result.decision).toMatchObject({
      action: 'keepGoing',
      code: 'BEFORE_PLANNED_SIZE',
      unitsNeeded: 60000,
    });
    const done = statsOf({
      control: { purchase: rate(50000, 5000), latency: mean(50000, 120, 30) },
      b: { purchase: rate(50000, 5040), latency: mean(50000, 120, 30) },
    });
    expect(analyzeExperiment(definition, done).decision).toMatchObject({
      action: 'keepControl',
      code: 'PLANNED_SIZE_REACHED',
    });
  });

  it('a group-sequential design reads at its looks', () => {
    const definition = {
      ...twoArms,
      design: { mode: 'groupSequential' as const, plannedUnits: 100000, looks: 4 },
    };
    const at = (units: number, converted: number) =>
      analyzeExperiment(
        definition,
        statsOf({
          control: { purchase: rate(units / 2, units / 20), latency: mean(units / 2, 120, 30) },
          b: { purchase: rate(units / 2, converted), latency: mean(units / 2, 120, 30) },
        }),
      );
    const before = at(20000, 1100);
    expect(before.look).toEqual({ index: 0, of: 4, unitsAtLook: 0, nextLookUnits: 25000 });
    expect(before.decision).toMatchObject({ action: 'keepGoing', code: 'BETWEEN_LOOKS', unitsNeeded: 5000 });
    const second = at(50000, 2600);
    expect(second.look).toEqual({ index: 2, of: 4, unitsAtLook: 50000, nextLookUnits: 75000 });
    expect(second.decision).toMatchObject({ action: 'keepGoing', unitsNeeded: 25000 });
    expect(at(50000, 3000).decision).toMatchObject({ action: 'ship', arm: 'b' });
    expect(at(100000, 5050).decision).toMatchObject({ action: 'keepControl', code: 'PLANNED_SIZE_REACHED' });
  });

  it('corrects goals with Holm across arms × goals, and ships the arm with the largest lift', () => {
    const definition = {
      key: 'three',
      arms: [{ key: 'control' }, { key: 'b' }, { key: 'c' }],
      control: 'control',
      metrics: [
        { key: 'purchase', kind: 'binomial' as const },
        { key: 'signup', kind: 'binomial' as const },
        {
          key: 'latency',
          kind: 'mean' as const,
          role: 'guardrail' as const,
          direction: 'lowerIsBetter' as const,
        },
      ],
      design: { mode: 'fixedHorizon' as const, plannedUnits: 1000 },
    };
    const result = analyzeExperiment(
      definition,
      statsOf({
        control: { purchase: rate(20000, 2000), signup: rate(20000, 1000), latency: mean(20000, 120, 30) },
        b: { purchase: rate(20000, 2150), signup: rate(20000, 1040), latency: mean(20000, 120, 30) },
        c: { purchase: rate(20000, 2250), signup: rate(20000, 990), latency: mean(20000, 120, 30) },
      }),
    );
    const goals = result.metrics.filter((m) => m.role === 'goal').flatMap((m) => m.comparisons);
    const expected = holmAdjust(goals.map((c) => c.pValue));
    goals.forEach((c, i) => {
      expect(c.adjustedPValue).toBeCloseTo(expected[i]!, 14);
    });
    const guardrail = result.metrics[2]!.comparisons[0]!;
    expect(guardrail.adjustedPValue).toBe(guardrail.pValue);
    expect(result.decision).toMatchObject({ action: 'ship', arm: 'c' });
    expect(result.metrics[0]!.comparisons[1]!.simultaneous!.absolute.lower!).toBeLessThan(
      result.metrics[0]!.comparisons[1]!.absolute.interval.lower!,
    );
  });

  it('says when there is not enough data to estimate anything', () => {
    const result = analyzeExperiment(
      twoArms,
      statsOf({
        control: { purchase: rate(1, 0), latency: mean(1, 0, 0) },
        b: { purchase: rate(0, 0), latency: mean(0, 0, 0) },
      }),
    );
    expect(result.decision).toMatchObject({
      action: 'keepGoing',
      code: 'NOT_ENOUGH_DATA',
      unitsNeeded: null,
    });
  });
});
