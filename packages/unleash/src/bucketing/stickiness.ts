import { resolveContextValue, standardField, type UnleashContext } from '../context.js';

/** A source of uniform numbers in [0, 1): `Math.random` unless a test pins it. */
export type RandomSource = () => number;

/**
 * The id a rollout strategy buckets (flexibleRollout's `stickiness`):
 * `default` is userId, else sessionId, else a random id; `random` is always random; any other
 * name is that context field. Undefined when the field is absent: the strategy is then off.
 */
export function rolloutId(
  stickiness: string,
  context: UnleashContext,
  random: RandomSource,
): string | undefined {
  switch (stickiness) {
    case 'default':
      return (
        standardField(context, 'userId') ?? standardField(context, 'sessionId') ?? randomId(random, 10_000)
      );
    case 'random':
      return randomId(random, 10_000);
    default:
      return nonEmptyValue(resolveContextValue(context, stickiness));
  }
}

/**
 * The id a variant choice buckets: the named field, else a random id; for `default`, userId, then
 * sessionId, then remoteAddress, then a random id (unleash-client-node's `getSeed`).
 */
export function variantSeed(stickiness: string, context: UnleashContext, random: RandomSource): string {
  if (stickiness !== 'default') {
    return nonEmptyValue(resolveContextValue(context, stickiness)) ?? randomId(random, 100_000);
  }
  return (
    standardField(context, 'userId') ??
    standardField(context, 'sessionId') ??
    standardField(context, 'remoteAddress') ??
    randomId(random, 100_000)
  );
}

function nonEmptyValue(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}

function randomId(random: RandomSource, range: number): string {
  return String(Math.floor(random() * range) + 1);
}
