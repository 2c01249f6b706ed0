import { validateExperiment } from '../model/experiment-definition.js';

/** A small experiment with one metric of each kind, capped and CUPED where it can be. */
export const threeKinds = validateExperiment({
  key: 'shapes',
  arms: [{ key: 'control' }, { key: 'treatment' }],
  control: 'control',
  metrics: [
    { key: 'converted', kind: 'binomial' },
    { key: 'revenue', kind: 'mean', cap: { percentile: 90 }, cuped: { covariate: 'prePeriod' } },
    { key: 'ctr', kind: 'ratio', cuped: { covariate: 'supplied' } },
  ],
});
