import type { UnleashConstraint } from '../payload/types.js';
import { inCidr } from './cidr.js';
import { dateCompare } from './date.js';
import { numberCompare } from './number.js';
import { ALWAYS, NEVER, type Predicate } from './predicate.js';
import { regexMatch } from './regex.js';
import { semverCompare } from './semver.js';
import { inList, stringMatch } from './text.js';

/** What compiling a constraint needs besides the constraint. */
export interface ConstraintScope {
  /** Clock for DATE_* constraints when the context has no `currentTime`. */
  readonly now: () => number;
}

/**
 * Compiles one constraint: `inverted XOR operator(context)`. An operator this version does not know,
 * or a REGEX pattern that does not compile, gives a constraint that never holds, inverted or not:
 * Unleash's SDKs evaluate such a constraint to false, and its Rust engine turns the feature off.
 * Other unusable operands (a bound that is not a number, date or version) make the operator false,
 * which `inverted` then flips, as in unleash-client-node.
 */
export function compileConstraint(constraint: UnleashConstraint, scope: ConstraintScope): Predicate {
  const test = operatorTest(constraint, scope);
  if (test === undefined) return NEVER;
  if (constraint.inverted !== true) return test;
  return test === NEVER ? ALWAYS : (context) => !test(context);
}

function operatorTest(constraint: UnleashConstraint, scope: ConstraintScope): Predicate | undefined {
  const operator = constraint.operator;
  switch (operator) {
    case 'IN':
      return inList(constraint, false);
    case 'NOT_IN':
      return inList(constraint, true);
    case 'STR_STARTS_WITH':
      return stringMatch(constraint, (text, operand) => text.startsWith(operand));
    case 'STR_ENDS_WITH':
      return stringMatch(constraint, (text, operand) => text.endsWith(operand));
    case 'STR_CONTAINS':
      return stringMatch(constraint, (text, operand) => text.includes(operand));
    case 'NUM_EQ':
    case 'NUM_GT':
    case 'NUM_GTE':
    case 'NUM_LT':
    case 'NUM_LTE':
      return numberCompare(constraint, operator);
    case 'DATE_AFTER':
    case 'DATE_BEFORE':
      return dateCompare(constraint, operator, scope.now);
    case 'SEMVER_EQ':
    case 'SEMVER_GT':
    case 'SEMVER_GTE':
    case 'SEMVER_LT':
    case 'SEMVER_LTE':
      return semverCompare(constraint, operator);
    case 'REGEX':
      return regexMatch(constraint);
    case 'IN_CIDR':
      return inCidr(constraint);
    default:
      return undefined;
  }
}
