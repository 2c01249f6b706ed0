import semver from 'semver';
import { resolveContextValue } from '../context.js';
import type { UnleashConstraint } from '../payload/types.js';
import { NEVER, type Predicate } from './predicate.js';

export type SemverOperator = 'SEMVER_EQ' | 'SEMVER_GT' | 'SEMVER_GTE' | 'SEMVER_LT' | 'SEMVER_LTE';

/**
 * SEMVER_*: precedence as npm `semver` (what unleash-client-node calls) orders versions, so
 * `2.0.0-alpha < 2.0.0-alpha.1 < 2.0.0-beta.1 < 2.0.0-rc < 2.0.0`. Both sides must be strict
 * semantic versions: no leading `v` or `=`, no surrounding blanks, all three numbers. Anything else
 * makes the constraint false (before `inverted` applies), as Unleash's fixtures require.
 */
export function semverCompare(constraint: UnleashConstraint, operator: SemverOperator): Predicate {
  const bound = strictVersion(constraint.value);
  if (bound === undefined) return NEVER;
  const name = constraint.contextName;
  return (context) => {
    const version = strictVersion(resolveContextValue(context, name));
    if (version === undefined) return false;
    const order = semver.compare(version, bound);
    switch (operator) {
      case 'SEMVER_EQ':
        return order === 0;
      case 'SEMVER_GT':
        return order > 0;
      case 'SEMVER_GTE':
        return order >= 0;
      case 'SEMVER_LT':
        return order < 0;
      case 'SEMVER_LTE':
        return order <= 0;
    }
  };
}

/** node-semver strips a leading `v`, `=` and blanks; Unleash does not accept them. */
const LENIENT_START = /^[\svV=]|\s$/;
/** Longer than node-semver's own limit is not a version; bounds the work per evaluation. */
const MAX_LENGTH = 256;

function strictVersion(value: string | number | undefined): semver.SemVer | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH || LENIENT_START.test(value)) return undefined;
  return semver.parse(value) ?? undefined;
}
