import { analyzeExperiment, validateExperiment } from '@rampkit/experiments';
import { normal, runStream } from '../random.mjs';
import { mergeDeep } from './merge.mjs';
import { covers, statsOf } from './shared.mjs';

/** CUPED at ρ = 0.7: the variance it removes, measured and reported. */
export function cupedSection(scale) {
  const runs = Math.round(2000 * scale);
  const perArm = 10000;
  const rho = 0.7;
  const definition = (cuped) =>
    validateExperiment({
      key: cuped ? 'cuped' : 'raw',
      arms: [{ key: 'control' }, { key: 'b' }],
      control: 'control',
      metrics: [
        cuped ? { key: 'm', kind: 'mean', cuped: { covariate: 'prePeriod' } } : { key: 'm', kind: 'mean' },
      ],
      design: { mode: 'fixedHorizon', plannedUnits: 2 * perArm },
    });
  const [withCuped, without] = [definition(true), definition(false)];
  const effect = 0.03;
  return {
    key: 'cuped',
    title: 'CUPED at pre/post correlation ρ = 0.7',
    runs,
    meta: { perArm, rho, effect },
    simulate(firstRun, count) {
      const part = { runs: 0, rawRuns: [], adjustedRuns: [], reportedRuns: [], covered: 0 };
      for (let run = firstRun; run < firstRun + count; run++) {
        const next = runStream(4, run);
        const arms = [0, 1].map(() => ({
          n: 0,
          sum: 0,
          sumSquares: 0,
          covariate: { sum: 0, sumSquares: 0, crossSum: 0 },
        }));
        for (let arm = 0; arm < 2; arm++) {
          const sums = arms[arm];
          for (let i = 0; i < perArm; i++) {
            // The pre-period value z and the metric y are standard normals with correlation ρ.
            const z = normal(next);
            const y = 10 + (arm === 1 ? effect : 0) + rho * z + Math.sqrt(1 - rho * rho) * normal(next);
            sums.n += 1;
            sums.sum += y;
            sums.sumSquares += y * y;
            sums.covariate.sum += z;
            sums.covariate.sumSquares += z * z;
            sums.covariate.crossSum += y * z;
          }
        }
        const adjusted = analyzeExperiment(withCuped, statsOf(arms[0], arms[1])).metrics[0].comparisons[0];
        const raw = analyzeExperiment(without, {
          arms: {
            control: { units: perArm, metrics: { m: strip(arms[0]) } },
            b: { units: perArm, metrics: { m: strip(arms[1]) } },
          },
        }).metrics[0].comparisons[0];
        part.runs += 1;
        part.rawRuns.push(raw.absolute.estimate);
        part.adjustedRuns.push(adjusted.absolute.estimate);
        part.reportedRuns.push(adjusted.cuped.varianceReduction);
        if (covers(adjusted.absolute.interval, effect)) part.covered += 1;
      }
      return part;
    },
    merge: mergeDeep,
  };
}

function strip(sums) {
  return { n: sums.n, sum: sums.sum, sumSquares: sums.sumSquares };
}
