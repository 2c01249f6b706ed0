/**
 * The simulations of bench/experiments. Each section runs `runs` independent experiments (seeded per
 * run) in chunks on worker threads; `simulate` returns a partial that `merge` adds up. Everything
 * measured is a count of simulated units or runs: the same on every machine for the same seeds.
 */
import {
  analyzeExperiment,
  checkSampleRatio,
  planMinimumDetectableEffect,
  planSampleSize,
  validateExperiment,
} from '@rampkit/experiments';
import { fairHundred, normal, poisson, runStream } from './random.mjs';

const ALPHA = 0.05;
const AA_UNITS = 20000;
const AA_PLANNED = 10000;

/* ------------------------------------------------------------------ A/A */

/** The three metrics of the A/A runs, each a one-metric experiment of its own. */
function aaMetrics() {
  // Binomial: 10% convert. Mean: heavy-tailed revenue, 30% of units buy for exp(N(0, 1.2²)).
  // Ratio: clicks per session, sessions 1 + Poisson(2), each session clicked with probability 0.3.
  const revenueMean = 0.3 * Math.exp(0.72);
  const revenueSd = Math.sqrt(0.3 * Math.exp(2.88) - revenueMean ** 2);
  // Per-unit standard deviation of the ratio's linearised unit (y − R x)/x̄ with x̄ = 3, R = 0.3:
  // Var(y − Rx) = E[x]·0.3·0.7 = 0.63 (binomial clicks given sessions; Rx cancels their mean).
  const ratioSd = Math.sqrt(0.63) / 3;
  // Each metric's MDE puts the sequential test's planned size at 10,000 units, half of a run.
  const mde = (baseline) => planMinimumDetectableEffect({ baseline, units: AA_PLANNED });
  const binomial = { kind: 'binomial', rate: 0.1 };
  const revenue = { kind: 'mean', mean: revenueMean, standardDeviation: revenueSd };
  const ratio = { kind: 'mean', mean: 0.3, standardDeviation: ratioSd };
  return [
    {
      key: 'binomial',
      label: 'binomial (10% convert)',
      baseline: binomial,
      metric: { key: 'm', kind: 'binomial', minimumDetectableEffect: mde(binomial) },
      draw: (next) => ({ value: next() < 0.1 ? 1 : 0 }),
    },
    {
      key: 'mean',
      label: 'mean (lognormal revenue, 70% zeros)',
      baseline: revenue,
      metric: { key: 'm', kind: 'mean', minimumDetectableEffect: mde(revenue) },
      draw: (next) => ({ value: next() < 0.3 ? Math.exp(1.2 * normal(next)) : 0 }),
    },
    {
      key: 'ratio',
      label: 'ratio (clicks per session)',
      baseline: ratio,
      metric: { key: 'm', kind: 'ratio', minimumDetectableEffect: mde(ratio) },
      draw: (next) => {
        const sessions = 1 + poisson(next, 2);
        let clicks = 0;
        for (let s = 0; s < sessions; s++) if (next() < 0.3) clicks += 1;
        return { value: clicks, denominator: sessions };
      },
    },
  ].map((m) => ({
    ...m,
    experiment: validateExperiment({
      key: `aa-${m.key}`,
      arms: [{ key: 'control' }, { key: 'b' }],
      control: 'control',
      metrics: [m.metric],
      alpha: ALPHA,
    }),
  }));
}

function emptySums(ratio) {
  const sums = { n: 0, sum: 0, sumSquares: 0 };
  if (ratio) sums.denominator = { sum: 0, sumSquares: 0, crossSum: 0 };
  return sums;
}

function addUnit(sums, y, x) {
  sums.n += 1;
  sums.sum += y;
  sums.sumSquares += y * y;
  if (sums.denominator !== undefined) {
    sums.denominator.sum += x;
    sums.denominator.sumSquares += x * x;
    sums.denominator.crossSum += x * y;
  }
}

function statsOf(control, treatment) {
  return {
    arms: {
      control: { units: control.n, metrics: { m: control } },
      b: { units: treatment.n, metrics: { m: treatment } },
    },
  };
}

function aaSection(scale) {
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

function covers(interval, value) {
  return (
    (interval.lower === null || interval.lower <= value) &&
    (interval.upper === null || value <= interval.upper)
  );
}

/* ------------------------------------------------------- coverage under an effect */

function coverageSection(scale) {
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

/* ------------------------------------------------------------------ power */

function powerSection(scale) {
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

/* ------------------------------------------------------------------ CUPED */

function cupedSection(scale) {
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

/* ------------------------------------------------------------------ SRM */

const srmDefinition = validateExperiment({
  key: 'srm',
  arms: [{ key: 'control' }, { key: 'b' }],
  control: 'control',
  metrics: [{ key: 'm', kind: 'binomial' }],
});

function srmDetectionSection(scale) {
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

function srmHealthySection(scale) {
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

/* ------------------------------------------------------------------ */

/**
 * Adds two partials: numbers add; lists named `…ByRead` (counts per read) add element-wise; lists named
 * `…Runs` (one entry per run) concatenate; objects merge key by key.
 */
export function mergeDeep(a, b, key = '') {
  if (typeof a === 'number') return a + b;
  if (Array.isArray(a)) {
    if (key.endsWith('ByRead')) return a.map((v, i) => v + b[i]);
    if (key.endsWith('Runs')) return [...a, ...b];
    throw new Error(`cannot merge the list ${key}: name it …ByRead or …Runs`);
  }
  const out = {};
  for (const k of Object.keys(a)) out[k] = mergeDeep(a[k], b[k], k);
  return out;
}

/** Every section; `scale` shrinks the run counts (quick mode). */
export function sections({ scale }) {
  return [
    aaSection(scale),
    coverageSection(scale),
    powerSection(scale),
    cupedSection(scale),
    srmDetectionSection(scale),
    srmHealthySection(scale),
  ];
}
