import type { Condition, Serve, Split } from '@rampkit/core';

/** `canary 25% · stable 75%`, or the one variation served. */
export function describeServe(serve: Serve): string {
  if (serve.split !== undefined) return describeSplit(serve.split);
  return serve.variation === undefined ? '–' : `${serve.variation} to everyone`;
}

export function describeSplit(split: Split): string {
  const weights = split.weights.map((entry) => `${entry.variation} ${percent(entry.weight)}`).join(' · ');
  const coverage =
    split.coverage === undefined || split.coverage === 10_000
      ? ''
      : ` (of ${percent(split.coverage)} of units)`;
  return `${weights}${coverage}`;
}

/** Basis points as a percentage: `25%`, `2.5%`. */
export function percent(basisPoints: number): string {
  return `${Number((basisPoints / 100).toFixed(2))}%`;
}

/** `country in US, CA`, `not plan in free`, `email endsWith @acme.com (any case)`. */
export function describeCondition(condition: Condition): string {
  const values = (condition.values ?? []).map(String).join(', ');
  const text = `${condition.negate ? 'not ' : ''}${condition.attribute} ${condition.op}${values === '' ? '' : ` ${values}`}`;
  return condition.caseInsensitive ? `${text} (any case)` : text;
}
