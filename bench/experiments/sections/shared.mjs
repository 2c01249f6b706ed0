/** What the sections share: the A/A metrics, sums built unit by unit, and interval checks. */
import { planMinimumDetectableEffect, validateExperiment } from '@rampkit/experiments';
import { normal, poisson } from '../random.mjs';

export const ALPHA = 0.05;
export const AA_UNITS = 20000;
const AA_PLANNED = 10000;

/** The three metrics of the A/A runs, each a one-metric experiment of its own. */
export function aaMetrics() {
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

export function emptySums(ratio) {
  const sums = { n: 0, sum: 0, sumSquares: 0 };
  if (ratio) sums.denominator = { sum: 0, sumSquares: 0, crossSum: 0 };
  return sums;
}

export function addUnit(sums, y, x) {
  sums.n += 1;
  sums.sum += y;
  sums.sumSquares += y * y;
  if (sums.denominator !== undefined) {
    sums.denominator.sum += x;
    sums.denominator.sumSquares += x * x;
    sums.denominator.crossSum += x * y;
  }
}

export function statsOf(control, treatment) {
  return {
    arms: {
      control: { units: control.n, metrics: { m: control } },
      b: { units: treatment.n, metrics: { m: treatment } },
    },
  };
}

/** The interval holds the value (a null end is unbounded). */
export function covers(interval, value) {
  return (
    (interval.lower === null || interval.lower <= value) &&
    (interval.upper === null || value <= interval.upper)
  );
}
