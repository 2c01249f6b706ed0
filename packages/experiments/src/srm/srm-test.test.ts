import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../model/experiment-definition.js';
import { mulberry32 } from '../random.test-helper.js';
import { reference } from '../reference.test-helper.js';
import { checkSampleRatio } from './check-srm.js';
import { SRM_CONCENTRATION, srmLogBayesFactor } from './srm-test.js';

const experiment = validateExperiment({
  key: 'split',
  arms: [{ key: 'control' }, { key: 'treatment' }],
  control: 'control',
  metrics: [{ key: 'converted', kind: 'binomial' }],
});

/** Units by arm. */
function statsFor(control: number, treatment: number): Record<string, number> {
  return { control, treatment };
}

describe('sample ratio mismatch: the Dirichlet-multinomial test (Lindon and Malek)', () => {
  it.each(reference.srm)(
    'matches SciPy’s gammaln for counts $counts',
    ({ counts, shares, concentration, logBayesFactor }) => {
      expect(concentration).toBe(SRM_CONCENTRATION);
      // ln Γ of a million is about 1.3e7: differences of such terms keep about 1e−9 absolute.
      expect(Math.abs(srmLogBayesFactor(counts, shares) - logBayesFactor)).toBeLessThan(1e-8);
    },
  );

  it('flags a gross mismatch with the observed and expected shares', () => {
    const result = checkSampleRatio(experiment, statsFor(5600, 4400));
    expect(result.flagged).toBe(true);
    expect(result.pValue).toBeLessThan(1e-10);
    expect(result.arms).toEqual([
      { arm: 'control', units: 5600, observedShare: 0.56, expectedShare: 0.5 },
      { arm: 'treatment', units: 4400, observedShare: 0.44, expectedShare: 0.5 },
    ]);
  });

  it('does not flag a healthy split, nor an empty experiment', () => {
    expect(checkSampleRatio(experiment, statsFor(5040, 4960)).flagged).toBe(false);
    expect(checkSampleRatio(experiment, statsFor(0, 0))).toMatchObject({ flagged: false, pValue: 1 });
  });

  it('read after every 100 units, rarely flags a healthy 50/50 split and soon flags 55/45', () => {
    // 300 healthy runs of 20,000 units: at α = 0.001 the allowance is 2 (Binomial(300, 0.001) exceeds
    // it with probability 0.0036). 100 runs at 55/45 must all be flagged within 20,000 units.
    const next = mulberry32(99);
    const run = (share: number): number | null => {
      let control = 0;
      for (let units = 1; units <= 20000; units++) {
        if (next() < share) control += 1;
        if (units % 100 === 0 && checkSampleRatio(experiment, statsFor(control, units - control)).flagged)
          return units;
      }
      return null;
    };
    let healthyFlags = 0;
    for (let r = 0; r < 300; r++) if (run(0.5) !== null) healthyFlags += 1;
    expect(healthyFlags).toBeLessThanOrEqual(2);
    const detections = Array.from({ length: 100 }, () => run(0.55));
    expect(detections.every((units) => units !== null)).toBe(true);
  });
});
