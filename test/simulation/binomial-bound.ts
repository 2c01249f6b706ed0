import { binomialUpperTail } from '@rampkit/core/stats';

/**
 * The largest count of events still consistent with a true rate of at most `rate` over `runs`
 * independent runs: a count above it has probability below `risk` when the rate holds. The
 * simulation tests assert against it, so they check the guarantee (≤ alpha) and not a lucky number.
 */
export function binomialAllowance(runs: number, rate: number, risk = 0.001): number {
  let allowed = 0;
  while (binomialUpperTail(allowed + 1, runs, rate) >= risk) allowed += 1;
  return allowed;
}
