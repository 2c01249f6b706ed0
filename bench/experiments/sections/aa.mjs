import { analyzeExperiment, planSampleSize } from '@rampkit/experiments';
import { runStream } from '../random.mjs';
import { mergeDeep } from './merge.mjs';
import { AA_UNITS, ALPHA, aaMetrics, addUnit, covers, emptySums, statsOf } from './shared.mjs';

/** A/A runs: false positives and coverage of the three metrics, read after every 100 units. */
export function aaSection(scale) {
  const runs = Math.round(10000 * scale);
  const units = AA_UNITS;
  const step = 100;
  const reads = units / step;
  const metrics = aaMetrics();
  return {
    key: 'aa',
    title: 'A/A: false positives and coverage, read after every 100 units',
    runs,
    meta: {
      units,
      step,
      metrics: metrics.map((m) => ({
        key: m.key,
        label: m.label,
        mde: m.metric.minimumDetectableEffect,
        plannedUnits: planSampleSize({
          baseline: m.baseline,
          minimumDetectableEffect: m.metric.minimumDetectableEffect,
        }).totalUnits,
      })),
    },
    simulate(firstRun, count) {
      const part = {
        runs: 0,
        srmFlags: 0,
        byMetric: Object.fromEntries(
          metrics.map((m) => [
            m.key,
            {
              rejected: 0,
              missedAbsolute: 0,
              missedRelative: 0,
              naive: 0,
              missesByRead: new Array(reads).fill(0),
            },
          ]),
        ),
      };
      for (let run = firstRun; run < firstRun + count; run++) {
        const next = runStream(1, run);
        const sums = metrics.map((m) => [
          emptySums(m.metric.kind === 'ratio'),
          emptySums(m.metric.kind === 'ratio'),
        ]);
        const seen = metrics.map(() => ({ rejected: false, absolute: false, relative: false, naive: false }));
        let srm = false;
        for (let unit = 1; unit <= units; unit++) {
          const arm = next() < 0.5 ? 0 : 1;
          metrics.forEach((m, i) => {
            const { value, denominator = 0 } = m.draw(next);
            addUnit(sums[i][arm], value, denominator);
          });
          if (unit % step !== 0) continue;
          const read = unit / step - 1;
          metrics.forEach((m, i) => {
            const result = analyzeExperiment(m.experiment, statsOf(sums[i][0], sums[i][1]));
            if (i === 0 && result.srm.flagged) srm = true;
            const c = result.metrics[0].comparisons[0];
            const tally = part.byMetric[m.key];
            if (c.pValue <= ALPHA) seen[i].rejected = true;
            const missed = !covers(c.absolute.interval, 0);
            if (missed) {
              seen[i].absolute = true;
              tally.missesByRead[read] += 1;
            }
            if (!covers(c.relative.interval, 0)) seen[i].relative = true;
            // The peer: a fixed-horizon 95% z-test read at every read, as a dashboard would.
            if (
              c.absolute.standardError > 0 &&
              Math.abs(c.absolute.estimate / c.absolute.standardError) >= 1.959963984540054
            ) {
              seen[i].naive = true;
            }
          });
        }
        part.runs += 1;
        if (srm) part.srmFlags += 1;
        metrics.forEach((m, i) => {
          const tally = part.byMetric[m.key];
          if (seen[i].rejected) tally.rejected += 1;
          if (seen[i].absolute) tally.missedAbsolute += 1;
          if (seen[i].relative) tally.missedRelative += 1;
          if (seen[i].naive) tally.naive += 1;
        });
      }
      return part;
    },
    merge: mergeDeep,
  };
}
