import { analyzeExperiment } from '@rampkit/experiments';
import { normal, poisson, runStream } from '../random.mjs';
import { mergeDeep } from './merge.mjs';
import { AA_UNITS, aaMetrics, addUnit, covers, emptySums, statsOf } from './shared.mjs';

/** Coverage at every read with a true lift equal to each metric's MDE. */
export function coverageSection(scale) {
  const runs = Math.round(2000 * scale);
  const units = AA_UNITS;
  const step = 100;
  const metrics = aaMetrics();
  // The treatment lifts every metric by its MDE (the planned effect): revenue and conversion scale,
  // clicks per session scale through the click probability.
  const lift = (m) => 1 + m.metric.minimumDetectableEffect;
  const truth = {
    binomial: { absolute: 0.1 * (lift(metrics[0]) - 1), relative: lift(metrics[0]) - 1 },
    mean: { absolute: 0.3 * Math.exp(0.72) * (lift(metrics[1]) - 1), relative: lift(metrics[1]) - 1 },
    ratio: { absolute: 0.3 * (lift(metrics[2]) - 1), relative: lift(metrics[2]) - 1 },
  };
  const treatedDraw = {
    binomial: (next) => ({ value: next() < 0.1 * lift(metrics[0]) ? 1 : 0 }),
    mean: (next) => ({ value: next() < 0.3 ? lift(metrics[1]) * Math.exp(1.2 * normal(next)) : 0 }),
    ratio: (next) => {
      const sessions = 1 + poisson(next, 2);
      let clicks = 0;
      for (let s = 0; s < sessions; s++) if (next() < 0.3 * lift(metrics[2])) clicks += 1;
      return { value: clicks, denominator: sessions };
    },
  };
  return {
    key: 'coverage',
    title: 'Coverage at every read with a true lift equal to the MDE',
    runs,
    meta: { units, step },
    simulate(firstRun, count) {
      const part = {
        runs: 0,
        byMetric: Object.fromEntries(metrics.map((m) => [m.key, { missedAbsolute: 0, missedRelative: 0 }])),
      };
      for (let run = firstRun; run < firstRun + count; run++) {
        const next = runStream(2, run);
        const sums = metrics.map((m) => [
          emptySums(m.metric.kind === 'ratio'),
          emptySums(m.metric.kind === 'ratio'),
        ]);
        const missed = metrics.map(() => ({ absolute: false, relative: false }));
        for (let unit = 1; unit <= units; unit++) {
          const arm = next() < 0.5 ? 0 : 1;
          metrics.forEach((m, i) => {
            const { value, denominator = 0 } = arm === 1 ? treatedDraw[m.key](next) : m.draw(next);
            addUnit(sums[i][arm], value, denominator);
          });
          if (unit % step !== 0) continue;
          metrics.forEach((m, i) => {
            const c = analyzeExperiment(m.experiment, statsOf(sums[i][0], sums[i][1])).metrics[0]
              .comparisons[0];
            if (!covers(c.absolute.interval, truth[m.key].absolute)) missed[i].absolute = true;
            if (!covers(c.relative.interval, truth[m.key].relative)) missed[i].relative = true;
          });
        }
        part.runs += 1;
        metrics.forEach((m, i) => {
          if (missed[i].absolute) part.byMetric[m.key].missedAbsolute += 1;
          if (missed[i].relative) part.byMetric[m.key].missedRelative += 1;
        });
      }
      return part;
    },
    merge: mergeDeep,
  };
}
