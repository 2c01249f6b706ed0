import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext } from '../model/types.js';
import { compileCondition } from './compile.js';

const holds = (condition: Condition, context: EvaluationContext): boolean =>
  compileCondition(condition)(context);

describe('in: the attribute equals one of the values', () => {
  const country: Condition = { attribute: 'country', op: 'in', values: ['FR', 'DE'] };

  it('holds for a listed value and not for another', () => {
    expect(holds(country, { country: 'FR' })).toBe(true);
    expect(holds(country, { country: 'DE' })).toBe(true);
    expect(holds(country, { country: 'US' })).toBe(false);
  });

  it('compares whole strings, case-sensitively by default', () => {
    expect(holds(country, { country: 'fr' })).toBe(false);
    expect(holds(country, { country: 'FRA' })).toBe(false);
    expect(holds(country, { country: '' })).toBe(false);
  });

  it('folds case on both sides when caseInsensitive', () => {
    const folded: Condition = {
      attribute: 'email',
      op: 'in',
      values: ['Ann@Example.com'],
      caseInsensitive: true,
    };
    expect(holds(folded, { email: 'ann@example.COM' })).toBe(true);
    expect(holds(folded, { email: 'bob@example.com' })).toBe(false);
  });

  it('is false for a missing attribute and true when negated', () => {
    expect(holds(country, {})).toBe(false);
    expect(holds({ ...country, negate: true }, {})).toBe(true);
  });

  it('inverts with negate', () => {
    expect(holds({ ...country, negate: true }, { country: 'FR' })).toBe(false);
    expect(holds({ ...country, negate: true }, { country: 'US' })).toBe(true);
  });

  it('holds for a list attribute when any element is listed', () => {
    const groups: Condition = { attribute: 'groups', op: 'in', values: ['beta', 'staff'] };
    expect(holds(groups, { groups: ['users', 'beta'] })).toBe(true);
    expect(holds(groups, { groups: ['users'] })).toBe(false);
    expect(holds(groups, { groups: [] })).toBe(false);
  });

  it('compares numbers and booleans by their text', () => {
    expect(holds({ attribute: 'tier', op: 'in', values: [2, 3] }, { tier: 2 })).toBe(true);
    expect(holds({ attribute: 'tier', op: 'in', values: [2, 3] }, { tier: '3' })).toBe(true);
    expect(holds({ attribute: 'tier', op: 'in', values: ['2'] }, { tier: 2 })).toBe(true);
    expect(holds({ attribute: 'tier', op: 'in', values: [2] }, { tier: 2.5 })).toBe(false);
    expect(holds({ attribute: 'beta', op: 'in', values: ['true'] }, { beta: true })).toBe(true);
    expect(holds({ attribute: 'beta', op: 'in', values: ['true'] }, { beta: false })).toBe(false);
  });

  it('never matches NaN, Infinity, Dates or objects', () => {
    const odd: Condition = { attribute: 'x', op: 'in', values: ['NaN', 'Infinity', '[object Object]'] };
    expect(holds(odd, { x: Number.NaN })).toBe(false);
    expect(holds(odd, { x: Number.POSITIVE_INFINITY })).toBe(false);
    expect(holds(odd, { x: new Date(0) })).toBe(false);
    expect(holds(odd, { x: {} as unknown as string })).toBe(false);
  });

  it('treats a targetingKey like any other attribute', () => {
    expect(
      holds({ attribute: 'targetingKey', op: 'in', values: ['user-1'] }, { targetingKey: 'user-1' }),
    ).toBe(true);
  });
});

describe('notIn: exactly in, inverted', () => {
  const country: Condition = { attribute: 'country', op: 'notIn', values: ['FR', 'DE'] };

  it('holds for an unlisted value and not for a listed one', () => {
    expect(holds(country, { country: 'US' })).toBe(true);
    expect(holds(country, { country: 'FR' })).toBe(false);
  });

  it('holds for a missing attribute (nothing listed is present), and negated does not', () => {
    expect(holds(country, {})).toBe(true);
    expect(holds({ ...country, negate: true }, {})).toBe(false);
  });

  it('negated equals in', () => {
    expect(holds({ ...country, negate: true }, { country: 'FR' })).toBe(true);
    expect(holds({ ...country, negate: true }, { country: 'US' })).toBe(false);
  });

  it('holds for a list attribute only when no element is listed', () => {
    const groups: Condition = { attribute: 'groups', op: 'notIn', values: ['banned'] };
    expect(holds(groups, { groups: ['users', 'beta'] })).toBe(true);
    expect(holds(groups, { groups: ['users', 'banned'] })).toBe(false);
    expect(holds(groups, { groups: [] })).toBe(true);
  });

  it('folds case when caseInsensitive', () => {
    const folded: Condition = { ...country, caseInsensitive: true };
    expect(holds(folded, { country: 'fr' })).toBe(false);
    expect(holds(folded, { country: 'us' })).toBe(true);
  });
});

describe('contains, startsWith, endsWith: text tests against any of the values', () => {
  const email = (
    op: 'contains' | 'startsWith' | 'endsWith',
    values: string[],
    caseInsensitive = false,
  ): Condition => ({
    attribute: 'email',
    op,
    values,
    caseInsensitive,
  });

  it('contains finds a substring anywhere', () => {
    expect(holds(email('contains', ['@example.']), { email: 'ann@example.com' })).toBe(true);
    expect(holds(email('contains', ['@example.']), { email: 'ann@other.com' })).toBe(false);
  });

  it('startsWith and endsWith look at the ends only', () => {
    expect(holds(email('startsWith', ['ann']), { email: 'ann@example.com' })).toBe(true);
    expect(holds(email('startsWith', ['example']), { email: 'ann@example.com' })).toBe(false);
    expect(holds(email('endsWith', ['.com']), { email: 'ann@example.com' })).toBe(true);
    expect(holds(email('endsWith', ['example']), { email: 'ann@example.com' })).toBe(false);
  });

  it('holds when any value matches', () => {
    const domains = email('endsWith', ['@a.io', '@b.io']);
    expect(holds(domains, { email: 'x@b.io' })).toBe(true);
    expect(holds(domains, { email: 'x@c.io' })).toBe(false);
  });

  it('is case-sensitive unless caseInsensitive', () => {
    expect(holds(email('contains', ['EXAMPLE']), { email: 'ann@example.com' })).toBe(false);
    expect(holds(email('contains', ['EXAMPLE'], true), { email: 'ann@Example.com' })).toBe(true);
    expect(holds(email('startsWith', ['ANN'], true), { email: 'ann@example.com' })).toBe(true);
    expect(holds(email('endsWith', ['.COM'], true), { email: 'ann@example.com' })).toBe(true);
  });

  it('is false for a missing attribute and true when negated', () => {
    for (const op of ['contains', 'startsWith', 'endsWith'] as const) {
      expect(holds(email(op, ['a']), {})).toBe(false);
      expect(holds({ ...email(op, ['a']), negate: true }, {})).toBe(true);
    }
  });

  it('inverts with negate', () => {
    expect(holds({ ...email('endsWith', ['.com']), negate: true }, { email: 'ann@example.com' })).toBe(false);
    expect(holds({ ...email('endsWith', ['.com']), negate: true }, { email: 'ann@example.org' })).toBe(true);
  });

  it('holds for a list attribute when any element matches', () => {
    const paths: Condition = { attribute: 'paths', op: 'startsWith', values: ['/admin'] };
    expect(holds(paths, { paths: ['/home', '/admin/users'] })).toBe(true);
    expect(holds(paths, { paths: ['/home', '/about'] })).toBe(false);
  });

  it('treats an empty value as matching every string', () => {
    expect(holds(email('contains', ['']), { email: 'anything' })).toBe(true);
    expect(holds(email('contains', ['']), { email: '' })).toBe(true);
  });

  it('reads numbers by their text and ignores Dates', () => {
    expect(holds({ attribute: 'zip', op: 'startsWith', values: ['75'] }, { zip: 75011 })).toBe(true);
    expect(holds({ attribute: 'at', op: 'contains', values: ['20'] }, { at: new Date(0) })).toBe(false);
  });
});
