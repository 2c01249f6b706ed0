import { checkSampleRatio, validateExperiment } from '@rampkit/experiments';
import { fairHundred, runStream } from '../random.mjs';
import { mergeDeep } from './merge.mjs';

const srmDefinition = validateExperiment({
  key: 'srm',
  arms: [{ key: 'control' }, { key: 'b' }],
  control: 'control',
  metrics: [{ key: 'm', kind: 'binomial' }],
});

/** Units until a 50.5/49.5 split is flagged. */
export function srmDetectionSection(scale) {
  const runs = Math.round(1000 * scale);
  const horizon = 3_000_000;
  const step = 100;
  return {
    key: 'srmDetection',
    title: 'SRM: a 50/50 split served 50.5/49.5',
    runs,
    meta: { horizon, step, served: 0.505 },
    simulate(firstRun, count) {
      const part = { runs: 0, detectedRuns: [] };
      for (let run = firstRun; run < firstRun + count; run++) {
        const next = runStream(5, run);
        let control = 0;
        let detected = null;
        for (let units = step; units <= horizon; units += step) {
          for (let i = 0; i < step; i++) if (next() < 0.505) control += 1;
          if (checkSampleRatio(srmDefinition, { control, b: units - control }).flagged) {
            detected = units;
            break;
          }
        }
        part.runs += 1;
        part.detectedRuns.push(detected);
      }
      return part;
    },
    merge: mergeDeep,
  };
}

/** False flags over healthy 50/50 runs. */
export function srmHealthySection(scale) {
  const runs = Math.round(10000 * scale);
  const horizon = 200_000;
  const step = 100;
  return {
    key: 'srmHealthy',
    title: 'SRM: false flags over healthy 50/50 runs',
    runs,
    meta: { horizon, step },
    simulate(firstRun, count) {
      const part = { runs: 0, flagged: 0 };
      for (let run = firstRun; run < firstRun + count; run++) {
        const next = runStream(6, run);
        let control = 0;
        for (let units = step; units <= horizon; units += step) {
          control += fairHundred(next);
          if (checkSampleRatio(srmDefinition, { control, b: units - control }).flagged) {
            part.flagged += 1;
            break;
          }
        }
        part.runs += 1;
      }
      return part;
    },
    merge: mergeDeep,
  };
}
