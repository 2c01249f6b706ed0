/**
 * Semantic versions as https://semver.org/spec/v2.0.0.html orders them. Two leniencies, both as
 * LaunchDarkly's semver operators have them: a leading `v` is dropped, and a missing minor or patch
 * counts as 0 (`2` is `2.0.0`, `1.4-beta` is `1.4.0-beta`). Build metadata is checked and ignored.
 */
export interface Semver {
  /** major, minor, patch as decimal strings without leading zeros (any size). */
  readonly core: readonly [string, string, string];
  /** Pre-release identifiers; empty for a release. */
  readonly prerelease: readonly string[];
}

/** Longer than node-semver's limit is not a version; keeps the cost per evaluation bounded. */
const MAX_LENGTH = 256;
const NUMERIC = /^(?:0|[1-9][0-9]*)$/;
const DIGITS = /^[0-9]+$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;

export function parseSemver(text: string): Semver | undefined {
  if (text.length === 0 || text.length > MAX_LENGTH) return undefined;
  let rest = text.charCodeAt(0) === 0x76 /* v */ ? text.slice(1) : text;

  const plus = rest.indexOf('+');
  if (plus !== -1) {
    if (
      !rest
        .slice(plus + 1)
        .split('.')
        .every((id) => IDENTIFIER.test(id))
    )
      return undefined;
    rest = rest.slice(0, plus);
  }

  let prerelease: string[] = [];
  const dash = rest.indexOf('-');
  if (dash !== -1) {
    prerelease = rest.slice(dash + 1).split('.');
    for (const id of prerelease) {
      if (!IDENTIFIER.test(id)) return undefined;
      if (DIGITS.test(id) && !NUMERIC.test(id)) return undefined;
    }
    rest = rest.slice(0, dash);
  }

  const parts = rest.split('.');
  if (parts.length > 3 || !parts.every((part) => NUMERIC.test(part))) return undefined;
  return { core: [parts[0] ?? '0', parts[1] ?? '0', parts[2] ?? '0'], prerelease };
}

/** The version without build metadata and with all three numbers: equal versions, equal strings. */
export function canonicalSemver(version: Semver): string {
  const core = version.core.join('.');
  return version.prerelease.length === 0 ? core : `${core}-${version.prerelease.join('.')}`;
}

/** Negative, zero or positive as `a` has lower, equal or higher precedence than `b` (spec §11). */
export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) {
    const order = compareNumeric(a.core[i] ?? '0', b.core[i] ?? '0');
    if (order !== 0) return order;
  }
  // A pre-release ranks below the release it precedes.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return b.prerelease.length - a.prerelease.length;
  }
  const shared = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < shared; i++) {
    const order = compareIdentifier(a.prerelease[i] ?? '', b.prerelease[i] ?? '');
    if (order !== 0) return order;
  }
  return a.prerelease.length - b.prerelease.length;
}

/** Numeric identifiers rank below alphanumeric ones; each kind compares in its own way. */
function compareIdentifier(a: string, b: string): number {
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) return compareNumeric(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Decimal strings without leading zeros: the longer is larger, then compare digit by digit. */
function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
