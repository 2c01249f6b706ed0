import type { Condition, SegmentDefinition, Serve, Split } from '@rampkit/core';

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

/** Units a segment lists that are named before the rest are counted. */
const UNITS_NAMED = 5;

/**
 * Who a segment holds, in the order evaluation asks: `never u9; always u1, u2; others when country in
 * US and plan in pro`. A segment without conditions holds only the units it lists.
 */
export function describeSegment(segment: SegmentDefinition): string {
  const attribute = segment.unitAttribute ?? 'targetingKey';
  const units = (list: readonly string[]) =>
    list.length <= UNITS_NAMED
      ? list.join(', ')
      : `${list.slice(0, UNITS_NAMED).join(', ')} and ${list.length - UNITS_NAMED} more`;
  const conditions = (segment.conditions ?? []).map(describeCondition);
  const parts = [
    (segment.excluded ?? []).length === 0 ? '' : `never ${attribute} ${units(segment.excluded ?? [])}`,
    (segment.included ?? []).length === 0 ? '' : `always ${attribute} ${units(segment.included ?? [])}`,
    conditions.length === 0
      ? (segment.included ?? []).length === 0
        ? 'nobody (no units listed, no conditions)'
        : 'nobody else'
      : `${(segment.included ?? []).length === 0 ? 'units' : 'others'} when ${conditions.join(' and ')}`,
  ];
  return parts.filter((part) => part !== '').join('; ');
}
