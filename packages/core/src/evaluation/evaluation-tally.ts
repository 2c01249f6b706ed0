import type { CompiledConfig } from './compile.js';
import type { CompiledFlag } from './compile-flag.js';
import type { EvaluationResult } from './result.js';

/**
 * Results a tally tells apart by identity before it groups new ones with an entry of the same
 * variation: a flag's results are presets built once, so far fewer than this come back.
 */
const MAX_RESULTS = 16;

type Result = EvaluationResult<unknown>;

/**
 * The evaluations of one compiled flag while someone counts them: how many times each result was
 * served. A flag's results are frozen presets made when it was compiled, so the few a flag serves
 * come back over and over and are found by reference. Most flags serve one or two (a variation, a
 * two-way split), which get fields of their own: counting one is a comparison and an increment
 * (bench/http/LOG.md). The tally is made at the flag's first counted evaluation and results carry no
 * link to it, so a client nobody reads counts from holds none (issue #24: a property on every preset
 * result cost 330 bytes a flag).
 */
export class EvaluationTally {
  first: Result | undefined = undefined;
  firstCount = 0;
  second: Result | undefined = undefined;
  secondCount = 0;
  /**
   * Results past the first two, each once, in the order first served, and their counts: made when a
   * third is served, which most flags never do.
   */
  others: Result[] | undefined = undefined;
  otherCounts: number[] | undefined = undefined;
}

/**
 * Counts `result`, in the flag of `compiled` it names (the configuration it was evaluated in). The
 * request path, which holds the flag, calls `countEvaluation` directly.
 */
export function countResult(compiled: CompiledConfig, result: Result): void {
  if (result.variation === undefined) return;
  const flag = compiled.flags.get(result.key);
  if (flag !== undefined) countEvaluation(flag, result);
}

/**
 * Adds one to `flag`'s count of `result`. A result without a variation (an error) is not counted; it
 * is never one of the two compared first, so that is checked only on the rare path.
 */
export function countEvaluation(flag: CompiledFlag, result: Result): void {
  const tally = flag.tally;
  if (tally !== undefined) {
    if (tally.first === result) {
      tally.firstCount += 1;
      return;
    }
    if (tally.second === result) {
      tally.secondCount += 1;
      return;
    }
  }
  countAnother(flag, result);
}

/** The rare case of `countEvaluation`, kept apart so that the common one stays small. */
function countAnother(flag: CompiledFlag, result: Result): void {
  if (result.variation === undefined) return;
  flag.tally ??= new EvaluationTally();
  const tally = flag.tally;
  if (tally.first === undefined) {
    tally.first = result;
    tally.firstCount = 1;
    return;
  }
  if (tally.second === undefined) {
    tally.second = result;
    tally.secondCount = 1;
    return;
  }
  tally.others ??= [];
  tally.otherCounts ??= [];
  const others = tally.others;
  let index = others.indexOf(result);
  // Only results made anew on each evaluation (errors) could pass the bound: grouped by variation
  // past it, they take at most one entry per variation.
  if (index === -1 && others.length >= MAX_RESULTS) {
    index = others.findIndex((counted) => counted.variation === result.variation);
  }
  if (index === -1) {
    others.push(result);
    tally.otherCounts.push(1);
  } else {
    tally.otherCounts[index]! += 1;
  }
}

/** Calls `visit` with each variation `tally` counted and its count, once per result counted. */
export function forEachCount(
  tally: EvaluationTally,
  visit: (variation: string, count: number) => void,
): void {
  const { first, second, others, otherCounts } = tally;
  if (first !== undefined) visit(first.variation as string, tally.firstCount);
  if (second !== undefined) visit(second.variation as string, tally.secondCount);
  if (others === undefined || otherCounts === undefined) return;
  for (let i = 0; i < others.length; i++) visit(others[i]!.variation as string, otherCounts[i]!);
}
