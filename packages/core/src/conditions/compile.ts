import { InvalidConfigError } from '../errors/errors.js';
import type { Condition, EvaluationContext } from '../model/types.js';
import { readAttribute } from './attribute.js';
import { type CidrRange, inRange, parseAddress, parseCidr } from './cidr.js';
import { toEpochMillis } from './dates.js';
import { canonicalSemver, compareSemver, parseSemver, type Semver } from './semver.js';
import { numberForm, textForm } from './values.js';

/** A compiled condition: true when the context satisfies it. Never throws. */
export type ConditionPredicate = (context: EvaluationContext) => boolean;

/** Tests one scalar attribute value (a list's elements are tested one by one). */
type ValueTest = (value: unknown) => boolean;

const never: ValueTest = () => false;

/**
 * Turns a validated condition into a predicate, doing all parsing now so that evaluation only
 * compares: sets for `in`, lower-cased operands, parsed versions, instants and address ranges.
 * The predicate computes `negate XOR op(attribute, values)`, where `op` is false for a missing
 * attribute, holds for a list when it holds for any element, and holds when any value satisfies it.
 * `notIn` is `in` inverted, so it holds for a missing attribute and for a list with no listed element.
 * @throws InvalidConfigError for an unknown operator (validation rejects those first).
 */
export function compileCondition(condition: Condition): ConditionPredicate {
  const attribute = condition.attribute;
  const invert = (condition.negate === true) !== (condition.op === 'notIn');
  const test = compileTest(condition);
  return (context) => {
    try {
      return matches(readAttribute(context, attribute), test) !== invert;
    } catch {
      // Only exotic contexts land here (proxies, throwing getters): read as a missing attribute.
      return invert;
    }
  };
}

function matches(value: unknown, test: ValueTest): boolean {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) return test(value);
  for (let i = 0; i < value.length; i++) {
    if (test(value[i])) return true;
  }
  return false;
}

function compileTest(condition: Condition): ValueTest {
  const values = condition.values ?? [];
  const fold = condition.caseInsensitive === true ? lowerCase : identity;
  const op = condition.op;
  switch (op) {
    case 'in':
    case 'notIn':
      return inSet(new Set(values.map((value) => fold(String(value)))), fold);
    case 'contains':
      return textMatch(values, fold, (text, needle) => text.includes(needle));
    case 'startsWith':
      return textMatch(values, fold, (text, needle) => text.startsWith(needle));
    case 'endsWith':
      return textMatch(values, fold, (text, needle) => text.endsWith(needle));
    case 'eq': {
      const set = new Set(values.filter(isFiniteNumber));
      return (value) => {
        const number = numberForm(value);
        return number !== undefined && set.has(number);
      };
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return numericBound(op, values.filter(isFiniteNumber));
    case 'semverEq': {
      const set = new Set(semvers(values).map(canonicalSemver));
      return (value) => {
        const version = typeof value === 'string' ? parseSemver(value) : undefined;
        return version !== undefined && set.has(canonicalSemver(version));
      };
    }
    case 'semverLt':
    case 'semverLte':
    case 'semverGt':
    case 'semverGte':
      return semverBound(op, semvers(values));
    case 'before':
    case 'after':
      return dateBound(op, instants(values));
    case 'exists':
      return (value) => value !== undefined && value !== null && value !== '';
    case 'cidr': {
      const ranges = values.flatMap((value) => {
        const range = typeof value === 'string' ? parseCidr(value) : undefined;
        return range === undefined ? [] : [range];
      });
      return ranges.length === 0 ? never : cidrTest(ranges);
    }
    default: {
      const unknown: never = op;
      throw new InvalidConfigError([{ path: 'op', message: `unknown operator ${JSON.stringify(unknown)}` }]);
    }
  }
}

function inSet(set: ReadonlySet<string>, fold: (text: string) => string): ValueTest {
  return (value) => {
    const text = textForm(value);
    return text !== undefined && set.has(fold(text));
  };
}

function textMatch(
  values: ReadonlyArray<string | number>,
  fold: (text: string) => string,
  holds: (text: string, needle: string) => boolean,
): ValueTest {
  const needles = values.filter((value) => typeof value === 'string').map(fold);
  if (needles.length === 0) return never;
  return (value) => {
    const raw = textForm(value);
    if (raw === undefined) return false;
    const text = fold(raw);
    for (const needle of needles) {
      if (holds(text, needle)) return true;
    }
    return false;
  };
}

/** "Less than any value" is "less than the largest", so one comparison serves any number of values. */
function numericBound(op: 'lt' | 'lte' | 'gt' | 'gte', bounds: readonly number[]): ValueTest {
  if (bounds.length === 0) return never;
  const below = op === 'lt' || op === 'lte';
  const bound = below ? largest(bounds) : smallest(bounds);
  return (value) => {
    const number = numberForm(value);
    if (number === undefined) return false;
    if (op === 'lt') return number < bound;
    if (op === 'lte') return number <= bound;
    if (op === 'gt') return number > bound;
    return number >= bound;
  };
}

function semverBound(op: 'semverLt' | 'semverLte' | 'semverGt' | 'semverGte', bounds: Semver[]): ValueTest {
  if (bounds.length === 0) return never;
  const below = op === 'semverLt' || op === 'semverLte';
  const bound = bounds.reduce((best, next) => {
    const order = compareSemver(next, best);
    return (below ? order > 0 : order < 0) ? next : best;
  });
  const orEqual = op === 'semverLte' || op === 'semverGte';
  return (value) => {
    const version = typeof value === 'string' ? parseSemver(value) : undefined;
    if (version === undefined) return false;
    const order = compareSemver(version, bound);
    if (order === 0) return orEqual;
    return below ? order < 0 : order > 0;
  };
}

function dateBound(op: 'before' | 'after', bounds: readonly number[]): ValueTest {
  if (bounds.length === 0) return never;
  const bound = op === 'before' ? largest(bounds) : smallest(bounds);
  return (value) => {
    const instant = toEpochMillis(value);
    if (instant === undefined) return false;
    return op === 'before' ? instant < bound : instant > bound;
  };
}

function cidrTest(ranges: readonly CidrRange[]): ValueTest {
  return (value) => {
    const address = typeof value === 'string' ? parseAddress(value) : undefined;
    if (address === undefined) return false;
    for (const range of ranges) {
      if (inRange(address, range)) return true;
    }
    return false;
  };
}

function semvers(values: ReadonlyArray<string | number>): Semver[] {
  return values.flatMap((value) => {
    const version = typeof value === 'string' ? parseSemver(value) : undefined;
    return version === undefined ? [] : [version];
  });
}

function instants(values: ReadonlyArray<string | number>): number[] {
  return values.flatMap((value) => {
    const instant = toEpochMillis(value);
    return instant === undefined ? [] : [instant];
  });
}

// Loops rather than Math.max(...list): spreading a long list overflows the call stack.
function largest(list: readonly number[]): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const item of list) if (item > best) best = item;
  return best;
}

function smallest(list: readonly number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const item of list) if (item < best) best = item;
  return best;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function lowerCase(text: string): string {
  return text.toLowerCase();
}

function identity(text: string): string {
  return text;
}
