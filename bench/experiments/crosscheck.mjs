/**
 * The fixed-horizon lift, interval and p-value against SciPy and statsmodels on identical sufficient
 * statistics: the cases are built here from seeded data, analysed by the engine, and handed as JSON to
 * packages/experiments/fixtures/scipy-reference.py (compare mode), which rebuilds each arm as weighted
 * pseudo data with the same moments and asks the libraries.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeExperiment } from '@rampkit/experiments';
import { normal, poisson, runStream } from './random.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', '..', 'packages', 'experiments', 'fixtures', 'scipy-reference.py');
const FIELDS = ['difference', 'standardError', 'lower', 'upper', 'pValue'];
export const TOLERANCE = 1e-6;

function sums(values, denominators, covariates) {
  const out = { n: values.length, sum: 0, sumSquares: 0 };
  values.forEach((y) => {
    out.sum += y;
    out.sumSquares += y * y;
  });
  if (denominators) {
    out.denominator = { sum: 0, sumSquares: 0, crossSum: 0 };
    denominators.forEach((x, i) => {
      out.denominator.sum += x;
      out.denominator.sumSquares += x * x;
      out.denominator.crossSum += x * values[i];
    });
  }
  if (covariates) {
    out.covariate = { sum: 0, sumSquares: 0, crossSum: 0 };
    covariates.forEach((z, i) => {
      out.covariate.sum += z;
      out.covariate.sumSquares += z * z;
      out.covariate.crossSum += z * values[i];
    });
  }
  return out;
}

/** Seeded cases: conversion rates, lognormal revenue, clicks per session, a metric with a covariate. */
export function crossCheckCases() {
  const cases = [];
  const next = runStream(7, 0);
  for (const [i, [n, p, lift, alpha]] of [
    [500, 0.2, 0.1, 0.05],
    [20000, 0.05, 0.05, 0.05],
    [150000, 0.1, 0.02, 0.01],
    [3000, 0.5, -0.03, 0.1],
  ].entries()) {
    const arm = (rate) => Array.from({ length: n }, () => (next() < rate ? 1 : 0));
    cases.push({
      id: `binomial-${i}`,
      kind: 'binomial',
      alpha,
      control: sums(arm(p)),
      treatment: sums(arm(p * (1 + lift))),
    });
  }
  for (const [i, [n, sigma]] of [
    [1000, 1],
    [40000, 1.5],
    [200, 0.5],
  ].entries()) {
    const arm = (scale) =>
      Array.from({ length: n }, () => (next() < 0.3 ? scale * Math.exp(sigma * normal(next)) : 0));
    cases.push({
      id: `mean-lognormal-${i}`,
      kind: 'mean',
      alpha: 0.05,
      control: sums(arm(1)),
      treatment: sums(arm(1.05)),
    });
  }
  for (const [i, n] of [2000, 30000].entries()) {
    const arm = (click) => {
      const x = Array.from({ length: n }, () => 1 + poisson(next, 2));
      const y = x.map((sessions) => {
        let clicks = 0;
        for (let s = 0; s < sessions; s++) if (next() < click) clicks += 1;
        return clicks;
      });
      return sums(y, x);
    };
    cases.push({ id: `ratio-${i}`, kind: 'ratio', alpha: 0.05, control: arm(0.3), treatment: arm(0.31) });
  }
  for (const [i, rho] of [0.7, 0.4].entries()) {
    const arm = (shift) => {
      const z = Array.from({ length: 5000 }, () => normal(next));
      const y = z.map((v) => 10 + shift + rho * v + Math.sqrt(1 - rho * rho) * normal(next));
      return sums(y, undefined, z);
    };
    cases.push({ id: `cuped-${i}`, kind: 'mean', alpha: 0.05, control: arm(0), treatment: arm(0.05) });
  }
  return cases;
}

function engine(testCase, cuped) {
  const strip = ({ covariate, ...rest }) => (cuped ? { ...rest, covariate } : rest);
  const metric = { key: 'm', kind: testCase.kind, ...(cuped ? { cuped: { covariate: 'prePeriod' } } : {}) };
  const result = analyzeExperiment(
    {
      key: testCase.id,
      arms: [{ key: 'control' }, { key: 'treatment' }],
      control: 'control',
      metrics: [metric],
      alpha: testCase.alpha,
      design: { mode: 'fixedHorizon', plannedUnits: 2 },
    },
    {
      arms: {
        control: { units: testCase.control.n, metrics: { m: strip(testCase.control) } },
        treatment: { units: testCase.treatment.n, metrics: { m: strip(testCase.treatment) } },
      },
    },
  );
  const c = result.metrics[0].comparisons[0];
  return {
    difference: c.absolute.estimate,
    standardError: c.absolute.standardError,
    lower: c.absolute.interval.lower,
    upper: c.absolute.interval.upper,
    pValue: c.pValue,
    theta: c.cuped?.theta,
  };
}

/** Finds a Python with SciPy and statsmodels: $RAMPKIT_PYTHON, Debian's /usr/bin/python3, python3. */
function python() {
  const candidates = [process.env.RAMPKIT_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  for (const candidate of candidates) {
    if (candidate.startsWith('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['-c', 'import scipy, statsmodels'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

/** Runs the comparison; `available: false` when no Python with SciPy and statsmodels is found. */
export function crossCheck() {
  const interpreter = python();
  const cases = crossCheckCases();
  if (interpreter === null) return { available: false, cases: cases.length };
  const run = spawnSync(interpreter, [script, 'compare'], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scipy-reference.py failed: ${run.stderr}`);
  const { versions, results } = JSON.parse(run.stdout);
  const rows = cases.map((testCase, i) => {
    const reference = results[i];
    const ours = engine(testCase, false);
    const worst = Math.max(...FIELDS.map((field) => relative(ours[field], reference[field])));
    const row = { id: testCase.id, kind: testCase.kind, ours, reference, worst };
    if (reference.pooledPValue !== undefined) row.pooled = relative(ours.pValue, reference.pooledPValue);
    if (reference.welchTPValue !== undefined) row.welch = relative(ours.pValue, reference.welchTPValue);
    if (reference.cupedDifference !== undefined) {
      const adjusted = engine(testCase, true);
      row.cuped = Math.max(
        relative(adjusted.difference, reference.cupedDifference),
        relative(adjusted.theta, reference.cupedTheta),
      );
    }
    return row;
  });
  return { available: true, interpreter, versions, rows };
}

function relative(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
