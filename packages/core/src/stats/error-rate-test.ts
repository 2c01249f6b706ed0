import { logSumExp } from './log-sum-exp.js';

/*
 * Anytime-valid test that the canary's error rate exceeds stable's by more than a relative margin:
 *
 *   H0: p_canary ≤ (1 + margin) · p_stable        H1: p_canary > (1 + margin) · p_stable
 *
 * 1. Condition on what the controller does not judge. Within one interval (between two looks) the
 *    canary served a share s = n_c / (n_c + n_s) of the requests and the interval had k errors in all.
 *    Given s and k, under H0 with margin 0 the canary's error count X is hypergeometric (a uniformly
 *    random k-subset of the interval's requests failed), whatever the shared error rate is — it does not
 *    even need to stay constant from one interval to the next. Under the Poisson model of rare errors X
 *    is Binomial(k, θ0) with θ0 = s·ρ0 / (1 − s + s·ρ0), ρ0 = 1 + margin.
 * 2. Bet against H0 with a rate ratio r > 1 beyond the margin: the interval's likelihood ratio is
 *
 *      f_r = r^X · (1 + θ0 (r − 1))^(−k),
 *
 *    which has mean exactly 1 under Binomial(k, θ0). Under the hypergeometric law its mean is ≤ 1,
 *    because r^x is convex and sampling without replacement is smaller in convex order (Hoeffding,
 *    "Probability inequalities for sums of bounded random variables", JASA 58, 1963, Theorem 4); a
 *    canary better than stable only lowers it further, f_r being increasing in X. So the product of
 *    the f_r over intervals is a nonnegative supermartingale under H0, for any sequence of shares:
 *    the traffic split may change between looks (5% → 25% → 50%) because each interval is judged with
 *    its own share.
 * 3. Mix over a fixed grid of ratios r with equal weights (Robbins' method of mixtures, Ann. Math.
 *    Statist. 41, 1970; Johari, Koomen, Pekelis and Walsh, "Always valid inference: continuous monitoring
 *    of A/B tests", Operations Research 70, 2022 use a normal mixture of the same kind): a mixture of
 *    supermartingales with weights summing to one is a supermartingale, and it is near the best single
 *    r in hindsight without knowing the effect size in advance.
 * 4. Ville's inequality: P(E_t ≥ 1/alpha at any t) ≤ alpha. Looking every second or every minute, the
 *    probability of ever rejecting a canary that is no worse than stable stays below alpha.
 *
 * With margin 0 the guarantee is exact for independent Bernoulli requests at any count, however few.
 * With margin > 0 it is exact under the Poisson model and accurate to O(p) for error rates p ≪ 1.
 *
 * The state carries the cumulative counts already folded in: each call takes the difference with the
 * new cumulative totals as the next interval, so calling twice with the same totals changes nothing.
 */

/** Requests and errors of one arm. */
export interface ArmCounts {
  requests: number;
  errors: number;
}

/** Serialisable evidence of the sequential error-rate test, carried from one look to the next. */
export interface ErrorRateTestState {
  /** Layout of `logLikelihoodRatios`; a state of another version is restarted. */
  version: 1;
  /** The relative margin the evidence was computed under; a state with another margin is restarted. */
  margin: number;
  /** Cumulative counts already folded into the evidence. */
  seen: { canary: ArmCounts; stable: ArmCounts };
  /** ln ∏ f_r over the intervals so far, one per ratio of `ERROR_RATE_ALTERNATIVES`. */
  logLikelihoodRatios: number[];
  /** ln of the e-value now. */
  logEValue: number;
  /** Largest ln e-value reached so far: once it crosses ln(1/alpha) the test has rejected for good. */
  maxLogEValue: number;
}

/**
 * Rate ratios beyond the margin that the mixture bets on, log-spaced from 1.1 to 50 — from a 10%
 * regression to a canary that fails fifty times as often.
 */
export const ERROR_RATE_ALTERNATIVES: readonly number[] = logSpaced(1.1, 50, 16);
const LOG_WEIGHT = -Math.log(ERROR_RATE_ALTERNATIVES.length);
const LOG_ALTERNATIVES = ERROR_RATE_ALTERNATIVES.map((r) => Math.log(r));

/** A test that has seen nothing: e-value 1. */
export function startErrorRateTest(margin: number): ErrorRateTestState {
  return {
    version: 1,
    margin,
    seen: { canary: { requests: 0, errors: 0 }, stable: { requests: 0, errors: 0 } },
    logLikelihoodRatios: ERROR_RATE_ALTERNATIVES.map(() => 0),
    logEValue: 0,
    maxLogEValue: 0,
  };
}

/**
 * Folds the counts since the last look into the evidence and returns the new state (the previous one
 * is not modified). Without a previous state (or one computed under another margin) the whole
 * cumulative total is one interval, which is valid when the shared error rate was steady.
 *
 * Totals that went down (a metrics store that lost data) are taken as the new baseline without
 * adding evidence. An interval without canary requests carries no evidence; one without stable
 * requests is deferred until stable has some (at low traffic a second may pass without any).
 */
export function updateErrorRateTest(
  previous: ErrorRateTestState | undefined,
  cumulative: { canary: ArmCounts; stable: ArmCounts },
  margin: number,
): ErrorRateTestState {
  const base = isUsable(previous, margin) ? previous : startErrorRateTest(margin);
  const canary = clean(cumulative.canary);
  const stable = clean(cumulative.stable);
  const seen = { canary, stable };
  const canaryRequests = canary.requests - base.seen.canary.requests;
  const stableRequests = stable.requests - base.seen.stable.requests;
  const canaryErrors = Math.min(canary.errors - base.seen.canary.errors, canaryRequests);
  const stableErrors = Math.min(stable.errors - base.seen.stable.errors, stableRequests);
  const wentBack = canaryRequests < 0 || stableRequests < 0 || canaryErrors < 0 || stableErrors < 0;
  if (wentBack || canaryRequests === 0) return { ...base, seen };
  // Canary traffic but none on stable: nothing to compare with yet. The interval is deferred (the
  // counts stay unseen) and judged together with the next one in which stable has traffic too. The
  // choice looks at request counts only: intervals cut according to their errors would bias the test.
  if (stableRequests === 0) return base;
  return { ...bet(base, { canaryRequests, stableRequests, canaryErrors, stableErrors }), seen };
}

/**
 * Folds one stratum — both arms over the same stretch of time, such as one metrics window — into
 * the evidence, and returns the new state (`seen` grows by the stratum's counts). Strata are
 * independent pieces of evidence: each is judged with its own traffic split and its own shared error
 * rate, so a spike that hits both arms in one window cannot count against the canary however the
 * split moves. A stratum in which either arm has no request carries no evidence.
 */
export function foldErrorRateStratum(
  previous: ErrorRateTestState | undefined,
  stratum: { canary: ArmCounts; stable: ArmCounts },
  margin: number,
): ErrorRateTestState {
  const base = isUsable(previous, margin) ? previous : startErrorRateTest(margin);
  const canary = clean(stratum.canary);
  const stable = clean(stratum.stable);
  const seen = {
    canary: {
      requests: base.seen.canary.requests + canary.requests,
      errors: base.seen.canary.errors + canary.errors,
    },
    stable: {
      requests: base.seen.stable.requests + stable.requests,
      errors: base.seen.stable.errors + stable.errors,
    },
  };
  if (canary.requests === 0 || stable.requests === 0) return { ...base, seen };
  const folded = bet(base, {
    canaryRequests: canary.requests,
    stableRequests: stable.requests,
    canaryErrors: canary.errors,
    stableErrors: stable.errors,
  });
  return { ...folded, seen };
}

/** Multiplies the evidence by one interval's likelihood ratios (step 2 above); `seen` is the caller's. */
function bet(
  base: ErrorRateTestState,
  interval: { canaryRequests: number; stableRequests: number; canaryErrors: number; stableErrors: number },
): ErrorRateTestState {
  const { canaryRequests, stableRequests, canaryErrors, stableErrors } = interval;
  const errors = canaryErrors + stableErrors;
  if (errors === 0) return base;
  const share = canaryRequests / (canaryRequests + stableRequests);
  const rho0 = 1 + base.margin;
  const theta0 = (share * rho0) / (1 - share + share * rho0);
  const logLikelihoodRatios = base.logLikelihoodRatios.map(
    (logRatio, j) =>
      logRatio +
      canaryErrors * LOG_ALTERNATIVES[j]! -
      errors * Math.log1p(theta0 * (ERROR_RATE_ALTERNATIVES[j]! - 1)),
  );
  const logEValue = logSumExp(logLikelihoodRatios) + LOG_WEIGHT;
  return {
    version: 1,
    margin: base.margin,
    seen: base.seen,
    logLikelihoodRatios,
    logEValue,
    maxLogEValue: Math.max(base.maxLogEValue, logEValue),
  };
}

function isUsable(state: ErrorRateTestState | undefined, margin: number): state is ErrorRateTestState {
  return (
    state !== undefined &&
    state.version === 1 &&
    state.margin === margin &&
    state.logLikelihoodRatios.length === ERROR_RATE_ALTERNATIVES.length &&
    state.logLikelihoodRatios.every((value) => !Number.isNaN(value))
  );
}

/** Whole, nonnegative counts with errors ≤ requests (metrics from a store are not trusted blindly). */
function clean(counts: ArmCounts): ArmCounts {
  const requests = wholeCount(counts.requests);
  return { requests, errors: Math.min(wholeCount(counts.errors), requests) };
}

function wholeCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function logSpaced(from: number, to: number, count: number): number[] {
  const step = Math.log(to / from) / (count - 1);
  return Array.from({ length: count }, (_, i) => from * Math.exp(step * i));
}
