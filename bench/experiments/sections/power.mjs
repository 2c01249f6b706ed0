import { analyzeExperiment, planSampleSize, validateExperiment } from '@rampkit/experiments';
import { runStream } from '../random.mjs';
import { mergeDeep } from './merge.mjs';
import { ALPHA, statsOf } from './shared.mjs';

/** Units to 80% power at +5% on a 10% conversion, for every design, on the same runs. */
export function powerSection(scale) {
  const runs = Math.round(2000 * scale);
  const rate = 0.1;
  const mde = 0.05;
  const fixed = planSampleSize({
    baseline: { kind: 'binomial', rate },
    minimumDetectableEffect: mde,
    design: { mode: 'fixedHorizon' },
  });
  const group = planSampleSize({
    baseline: { kind: 'binomial', rate },
    minimumDetectableEffect: mde,
    design: { mode: 'groupSequential', looks: 5 },
  });
  const fixedUnits = fixed.totalUnits;
  const step = 200;
  const horizon = Math.ceil((2.6 * fixedUnits) / step) * step;
  const base = {
    arms: [{ key: 'control' }, { key: 'b' }],
    control: 'control',
    alpha: ALPHA,
    minimumDetectableEffect: mde,
  };
  const sequential = validateExperiment({
    ...base,
    key: 'power-sequential',
    metrics: [{ key: 'm', kind: 'binomial' }],
  });
  const guardrail = validateExperiment({
    ...base,
    key: 'power-guardrail',
    metrics: [
      { key: 'g', kind: 'binomial' },
      { key: 'm', kind: 'binomial', role: 'guardrail', direction: 'lowerIsBetter' },
    ],
  });
  const grouped = validateExperiment({
    ...base,
    key: 'power-group',
    metrics: [{ key: 'm', kind: 'binomial' }],
    design: { mode: 'groupSequential', plannedUnits: group.totalUnits, looks: 5 },
  });
  const looks = [1, 2, 3, 4, 5].map((k) => Math.ceil((k / 5) * group.totalUnits));
  const reads = horizon / step;
  // The fixed test's rejection curve is recorded up to 1.3 times its planned size, past its 80% point.
  const fixedCurveEnd = Math.ceil((1.3 * fixedUnits) / step) * step;
  return {
    key: 'power',
    title: 'Power: units to detect a +5% relative lift at 80% power',
    runs,
    meta: {
      rate,
      mde,
      fixedUnits,
      groupUnits: group.totalUnits,
      looks,
      step,
      horizon,
      planned: planSampleSize({ baseline: { kind: 'binomial', rate }, minimumDetectableEffect: mde }),
    },
    simulate(firstRun, count) {
      const part = {
        runs: 0,
        sequentialRuns: [],
        guardrailRuns: [],
        groupRuns: [],
        fixedRejectsByRead: new Array(fixedCurveEnd / step).fill(0),
      };
      for (let run = firstRun; run < firstRun + count; run++) {
        const next = runStream(3, run);
        const c = { n: 0, sum: 0, sumSquares: 0 };
        const t = { n: 0, sum: 0, sumSquares: 0 };
        let sequentialAt = null;
        let guardrailAt = null;
        let groupAt = null;
        for (let read = 0; read < reads; read++) {
          for (let i = 0; i < step; i++) {
            if (next() < 0.5) {
              c.n += 1;
              if (next() < rate) c.sum += 1;
            } else {
              t.n += 1;
              if (next() < rate * (1 + mde)) t.sum += 1;
            }
          }
          c.sumSquares = c.sum;
          t.sumSquares = t.sum;
          const units = (read + 1) * step;
          // The fixed-horizon peer: the unpooled two-proportion z-test, as if read only here.
          const pc = c.sum / c.n;
          const pt = t.sum / t.n;
          const z = (pt - pc) / Math.sqrt((pc * (1 - pc)) / c.n + (pt * (1 - pt)) / t.n);
          if (units <= fixedCurveEnd && z >= 1.959963984540054) part.fixedRejectsByRead[read] += 1;
          const stats = statsOf(c, t);
          if (
            sequentialAt === null &&
            analyzeExperiment(sequential, stats).metrics[0].comparisons[0].verdict === 'better'
          ) {
            sequentialAt = units;
          }
          if (guardrailAt === null) {
            const both = {
              arms: {
                control: { units: c.n, metrics: { g: c, m: c } },
                b: { units: t.n, metrics: { g: t, m: t } },
              },
            };
            if (analyzeExperiment(guardrail, both).metrics[1].comparisons[0].verdict === 'harm')
              guardrailAt = units;
          }
          if (groupAt === null && looks.some((look) => units >= look && units - step < look)) {
            if (analyzeExperiment(grouped, stats).metrics[0].comparisons[0].verdict === 'better')
              groupAt = units;
          }
          // Stop once every design has decided and the fixed test's curve has passed its 80% point.
          const groupDone = groupAt !== null || units >= looks[4];
          if (sequentialAt !== null && guardrailAt !== null && groupDone && units >= fixedCurveEnd) break;
        }
        part.runs += 1;
        part.sequentialRuns.push(sequentialAt);
        part.guardrailRuns.push(guardrailAt);
        part.groupRuns.push(groupAt);
      }
      return part;
    },
    merge: mergeDeep,
  };
}
