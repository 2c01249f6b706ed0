/**
 * The flag shapes every SDK is measured on, the units they are evaluated for, and what a correct
 * SDK must answer over those units. Each adapter expresses the same four shapes in its own model.
 */

/**
 * Countries cycle through the units: half are in US/CA, which the rule shape targets. Targeted
 * countries sit at even positions, so unit i is targeted exactly when i is even; the measured loop
 * relies on that to count answers outside the rule without looking at the context.
 */
export const COUNTRIES = ['US', 'DE', 'CA', 'FR'];
export const TARGETED = ['US', 'CA'];

export function unitId(i) {
  return `user-${i}`;
}

export function countryOf(i) {
  return COUNTRIES[i % COUNTRIES.length];
}

/** Boolean shapes return booleans; the three-way split returns 'a' | 'b' | 'c'. */
export const SHAPES = [
  { id: 'bool', kind: 'boolean', label: 'boolean flag (on for everyone)' },
  { id: 'rollout', kind: 'boolean', label: '50% rollout by user' },
  { id: 'rule', kind: 'boolean', label: 'rule (country in US,CA) then 50% rollout' },
  { id: 'three', kind: 'variant', label: 'three-way split 33/33/33' },
];

/** Answers are counted per unit in the measured loop; these bounds say whether they are sane. */
const TOLERANCE = 0.01;

function within(actual, expected) {
  return Math.abs(actual - expected) <= TOLERANCE;
}

/**
 * Checks the answers counted over `units` units (the first `units` ids, countries cycling).
 * `counts` is `{ on }` for boolean shapes, `{ a, b, c, other }` for the three-way split.
 * Returns a list of problems, empty when the SDK answered as the shape requires.
 */
export function checkAnswers(shapeId, counts, units) {
  const problems = [];
  const share = (n) => n / units;
  if (shapeId === 'bool') {
    if (counts.on !== units) problems.push(`bool: ${counts.on}/${units} on, expected all`);
  } else if (shapeId === 'rollout') {
    if (!within(share(counts.on), 0.5))
      problems.push(`rollout: ${pct(share(counts.on))} on, expected 50% ± 1%`);
  } else if (shapeId === 'rule') {
    // Only US/CA units (half of them) can be on, and half of those are: 25% overall. Units outside
    // the rule must all be off, which the adapter checks via `ruleOutsideOn`.
    if (!within(share(counts.on), 0.25))
      problems.push(`rule: ${pct(share(counts.on))} on, expected 25% ± 1%`);
    if (counts.outsideOn !== 0) problems.push(`rule: ${counts.outsideOn} units outside US/CA were on`);
  } else if (shapeId === 'three') {
    for (const arm of ['a', 'b', 'c']) {
      if (!within(share(counts[arm]), 1 / 3)) {
        problems.push(`three: arm ${arm} got ${pct(share(counts[arm]))}, expected 33.3% ± 1%`);
      }
    }
    if (counts.other !== 0) problems.push(`three: ${counts.other} answers were not a, b or c`);
  }
  return problems;
}

function pct(x) {
  return `${(x * 100).toFixed(2)}%`;
}
