import type { EvaluationResult } from './result.js';

/**
 * The evaluations of one (compiled flag, variation) while someone counts them: one cell shared by
 * every preset result of the flag that serves the variation, so that counting an evaluation is one
 * increment, not a lookup by key and variation (bench/http/LOG.md, "The exporter's counts in slots").
 */
export interface TallyCell {
  count: number;
}

/**
 * The key of a preset result's cell: a symbol, set non-enumerable before the result is frozen, so
 * it is not seen by `Object.keys`, spreading, JSON or deep equality. No entry point exports it.
 */
export const TALLY: unique symbol = Symbol('rampkit.tally');

interface Tallied {
  readonly [TALLY]?: TallyCell;
}

/** Adds one to the cell of `result`, when it is a preset that served a variation (others have none). */
export function countEvaluation(result: EvaluationResult<unknown>): void {
  const cell = (result as Tallied)[TALLY];
  if (cell !== undefined) cell.count += 1;
}

/** Puts `cell` on `result`, which must not be frozen yet. */
export function attachTally(result: EvaluationResult<unknown>, cell: TallyCell): void {
  Object.defineProperty(result, TALLY, { value: cell, enumerable: false, writable: false });
}
