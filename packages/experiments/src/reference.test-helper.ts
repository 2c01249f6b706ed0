import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricSums } from './statistics/sufficient-statistics.js';

/*
 * The SciPy/statsmodels reference values (fixtures/reference.json, written by
 * fixtures/scipy-reference.py from the inputs in fixtures/fixed-horizon-cases.json). Data files, so a
 * port to another language can check itself against the same numbers.
 */

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface FixedHorizonCase {
  id: string;
  kind: 'binomial' | 'mean' | 'ratio';
  alpha: number;
  control: MetricSums;
  treatment: MetricSums;
}

export interface FixedHorizonReference {
  id: string;
  difference: number;
  standardError: number;
  lower: number;
  upper: number;
  pValue: number;
  pooledPValue?: number;
  welchTPValue?: number;
  cupedDifference?: number;
  cupedTheta?: number;
}

export interface Reference {
  normal: { cdf: { x: number; cdf: number; sf: number }[]; quantile: { p: number; z: number }[] };
  fixedHorizon: FixedHorizonReference[];
  holm: { pValues: number[]; adjusted: number[] }[];
  srm: { counts: number[]; shares: number[]; concentration: number; logBayesFactor: number }[];
  normalPower: { standardizedEffect: number; alpha: number; power: number; unitsPerArm: number }[];
  groupSequential: { fractions: number[]; alpha: number; sides: 'two' | 'one'; boundaries: number[] }[];
}

export const reference: Reference = JSON.parse(readFileSync(join(fixtures, 'reference.json'), 'utf8'));
export const fixedHorizonCases: FixedHorizonCase[] = JSON.parse(
  readFileSync(join(fixtures, 'fixed-horizon-cases.json'), 'utf8'),
);

/** |actual − expected| within `relative` of |expected| (or absolutely, near 0). */
export function close(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-300);
}
