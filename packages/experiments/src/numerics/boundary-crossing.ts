import { normalCdf, normalUpperTail } from './normal.js';

/*
 * Probabilities that a Brownian motion with drift crosses boundaries checked at given times: the
 * numerical integration of Armitage, McPherson and Rowe ("Repeated significance tests on accumulating
 * data", JRSS A 132, 1969) in the form of Jennison and Turnbull (Group Sequential Methods with
 * Applications to Clinical Trials, 2000, ch. 19).
 *
 * The score S(t) = W(t) + drift · t is what a z-statistic becomes on the information scale:
 * Z_k = S(t_k) / √t_k, where t is the information (units) relative to a reference size. Its
 * increments are independent N(drift · Δ, Δ), so
 *
 * 1. at the first look S is N(drift · t₁, t₁): crossings in closed form;
 * 2. the sub-density g_k of S at look k on the continuation region (no crossing so far) is
 *    g_k(s) = ∫ g_{k−1}(u) φ((s − u − drift Δ) / √Δ) / √Δ du, over the previous continuation region;
 * 3. the probability of crossing the upper boundary b at look k is ∫ g_{k−1}(u) Q((b − u − drift Δ)/√Δ) du,
 *    and the lower one likewise.
 *
 * The integrals use Simpson's rule on a grid spanning the continuation region exactly, with spacing at
 * most √Δ_min / 12 (by default), so the truncation at the boundary falls on a grid end; Simpson's error
 * falls as the fourth power of the spacing, and twelve points per standard deviation keep the total
 * probability of a five-look design right to about 2e−8 (six points: 3e−7). The kernel is cut at
 * ±8 standard deviations (a mass of 1e−15), and its values along a row come from two exponentials and a
 * running product rather than one exponential each.
 */

/** One look: the information time and the boundaries on the score scale. */
export interface ScoreLook {
  /** Information time t > 0, increasing from look to look. */
  time: number;
  /** The test stops above: S(t) ≥ upper. `Infinity` for no upper boundary. */
  upper: number;
  /** The test stops below: S(t) ≤ lower. `-Infinity` for no lower boundary. */
  lower: number;
}

/** Probability of stopping at each look, by the side crossed. */
export interface Crossings {
  upper: number[];
  lower: number[];
}

const KERNEL_REACH = 8;
// An open side is cut this many standard deviations from the mean: the mass beyond is below 1e−19.
const OPEN_REACH = 9;

/**
 * The sub-density of the score on the continuation region after the looks so far, carried from one
 * look to the next. Starts as a point mass at 0 at time 0.
 */
export class ScoreDensity {
  private time = 0;
  private grid: Float64Array | undefined;
  private density: Float64Array | undefined;
  private readonly spacing: number;

  /**
   * @param drift mean of S(1): the standardised effect at information 1
   * @param smallestStep the smallest time step between looks to come; it sets the grid's spacing
   * @param pointsPerSd grid points per standard deviation of that step
   */
  constructor(
    private readonly drift: number,
    smallestStep: number,
    pointsPerSd = 12,
  ) {
    this.spacing = Math.sqrt(smallestStep) / pointsPerSd;
  }

  /** Probability of continuing to `time` and then crossing each boundary there. */
  crossing(time: number, lower: number, upper: number): { upper: number; lower: number } {
    const step = time - this.time;
    const sd = Math.sqrt(step);
    const shift = this.drift * step;
    if (this.grid === undefined || this.density === undefined) {
      return {
        upper: upper === Number.POSITIVE_INFINITY ? 0 : normalUpperTail((upper - shift) / sd),
        lower: lower === Number.NEGATIVE_INFINITY ? 0 : normalCdf((lower - shift) / sd),
      };
    }
    const grid = this.grid;
    const density = this.density;
    const upperValues = new Float64Array(grid.length);
    const lowerValues = new Float64Array(grid.length);
    for (let i = 0; i < grid.length; i++) {
      const from = grid[i]! + shift;
      upperValues[i] =
        upper === Number.POSITIVE_INFINITY ? 0 : density[i]! * normalUpperTail((upper - from) / sd);
      lowerValues[i] = lower === Number.NEGATIVE_INFINITY ? 0 : density[i]! * normalCdf((lower - from) / sd);
    }
    const h = grid.length > 1 ? grid[1]! - grid[0]! : 0;
    return { upper: simpson(upperValues, h), lower: simpson(lowerValues, h) };
  }

  /**
   * The sub-density of S(time) at `point` on the paths that have not crossed so far: minus the slope of
   * the upper crossing probability in its boundary (and the slope of the lower one), for Newton steps.
   */
  densityAt(time: number, point: number): number {
    const step = time - this.time;
    const sd = Math.sqrt(step);
    const shift = this.drift * step;
    const kernel = (x: number): number => Math.exp(-0.5 * x * x) / (sd * Math.sqrt(2 * Math.PI));
    if (this.grid === undefined || this.density === undefined) return kernel((point - shift) / sd);
    const values = new Float64Array(this.grid.length);
    for (let i = 0; i < values.length; i++)
      values[i] = this.density[i]! * kernel((point - this.grid[i]! - shift) / sd);
    return simpson(values, this.grid.length > 1 ? this.grid[1]! - this.grid[0]! : 0);
  }

  /** Moves to `time`, keeping only the paths that stayed strictly between the boundaries there. */
  advance(time: number, lower: number, upper: number): void {
    const step = time - this.time;
    const sd = Math.sqrt(step);
    const shift = this.drift * step;
    const mean = this.drift * time;
    const reach = OPEN_REACH * Math.sqrt(time);
    const from = lower === Number.NEGATIVE_INFINITY ? mean - reach : lower;
    const to = upper === Number.POSITIVE_INFINITY ? mean + reach : upper;
    if (!(to > from)) {
      this.grid = new Float64Array([from, from, from]);
      this.density = new Float64Array(3);
      this.time = time;
      return;
    }
    let intervals = Math.max(2, Math.ceil((to - from) / this.spacing));
    if (intervals % 2 === 1) intervals += 1;
    const h = (to - from) / intervals;
    const grid = new Float64Array(intervals + 1);
    for (let i = 0; i <= intervals; i++) grid[i] = from + i * h;
    const density = new Float64Array(intervals + 1);
    if (this.grid === undefined || this.density === undefined) {
      for (let i = 0; i <= intervals; i++) {
        const z = (grid[i]! - shift) / sd;
        density[i] = Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
      }
    } else {
      convolve(this.grid, this.density, grid, density, shift, sd);
    }
    this.grid = grid;
    this.density = density;
    this.time = time;
  }

  /** The probability of still being between the boundaries (the mass of the sub-density). */
  remaining(): number {
    if (this.grid === undefined || this.density === undefined) return 1;
    const h = this.grid.length > 1 ? this.grid[1]! - this.grid[0]! : 0;
    return simpson(this.density, h);
  }
}

/** Crossing probabilities at every look for a motion with the given drift. */
export function crossingProbabilities(looks: readonly ScoreLook[], drift: number): Crossings {
  const density = new ScoreDensity(drift, smallestStep(looks.map((look) => look.time)));
  const result: Crossings = { upper: [], lower: [] };
  for (const look of looks) {
    const crossed = density.crossing(look.time, look.lower, look.upper);
    result.upper.push(crossed.upper);
    result.lower.push(crossed.lower);
    density.advance(look.time, look.lower, look.upper);
  }
  return result;
}

/** The smallest gap between successive times (from 0). */
export function smallestStep(times: readonly number[]): number {
  let previous = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (const time of times) {
    smallest = Math.min(smallest, time - previous);
    previous = time;
  }
  return smallest;
}

/**
 * target[i] = Simpson over source of density(u) · φ((target[i] − u − shift) / sd) / sd, the kernel
 * cut at ±KERNEL_REACH sd. Along a row the kernel is updated multiplicatively:
 * K_{j+1} / K_j = exp(x_j d − d²/2) with x_j = (t − u_j − shift)/sd and d = h/sd, and that ratio
 * itself shrinks by exp(−d²) per step.
 */
function convolve(
  sourceGrid: Float64Array,
  sourceDensity: Float64Array,
  targetGrid: Float64Array,
  target: Float64Array,
  shift: number,
  sd: number,
): void {
  const n = sourceGrid.length;
  const h = n > 1 ? sourceGrid[1]! - sourceGrid[0]! : 0;
  if (h === 0) return;
  const first = sourceGrid[0]!;
  const d = h / sd;
  const decay = Math.exp(-d * d);
  const norm = h / 3 / (sd * Math.sqrt(2 * Math.PI));
  for (let i = 0; i < targetGrid.length; i++) {
    const centre = targetGrid[i]! - shift;
    const low = Math.max(0, Math.ceil((centre - KERNEL_REACH * sd - first) / h));
    const high = Math.min(n - 1, Math.floor((centre + KERNEL_REACH * sd - first) / h));
    if (low > high) {
      target[i] = 0;
      continue;
    }
    const x = (centre - sourceGrid[low]!) / sd;
    let kernel = Math.exp(-0.5 * x * x);
    let ratio = Math.exp(x * d - 0.5 * d * d);
    let sum = 0;
    for (let j = low; j <= high; j++) {
      const weight = j === 0 || j === n - 1 ? 1 : j % 2 === 1 ? 4 : 2;
      sum += weight * sourceDensity[j]! * kernel;
      kernel *= ratio;
      ratio *= decay;
    }
    target[i] = sum * norm;
  }
}

/** Composite Simpson's rule over equally spaced values (an odd count). */
function simpson(values: Float64Array, h: number): number {
  const n = values.length;
  if (n < 3 || h === 0) return 0;
  let sum = values[0]! + values[n - 1]!;
  for (let i = 1; i < n - 1; i++) sum += (i % 2 === 1 ? 4 : 2) * values[i]!;
  return (sum * h) / 3;
}
