import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext } from '../model/types.js';
import { compileCondition } from './compile.js';

const holds = (condition: Condition, context: EvaluationContext): boolean =>
  compileCondition(condition)(context);
const age = (op: Condition['op'], values: number[], negate = false): Condition => ({
  attribute: 'age',
  op,
  values,
  negate,
});

describe('numeric operators compare numbers', () => {
  it.each([
    ['eq', 30, true],
    ['eq', 31, false],
    ['lt', 29, true],
    ['lt', 30, false],
    ['lte', 30, true],
    ['lte', 31, false],
    ['gt', 31, true],
    ['gt', 30, false],
    ['gte', 30, true],
    ['gte', 29, false],
  ] as const)('%s 30 with age %d is %s', (op, value, expected) => {
    expect(holds(age(op, [30]), { age: value })).toBe(expected);
    expect(holds(age(op, [30], true), { age: value })).toBe(!expected);
  });

  it('holds against any of several values', () => {
    expect(holds(age('eq', [18, 21]), { age: 21 })).toBe(true);
    expect(holds(age('eq', [18, 21]), { age: 20 })).toBe(false);
    expect(holds(age('lt', [10, 20]), { age: 15 })).toBe(true);
    expect(holds(age('lt', [10, 20]), { age: 20 })).toBe(false);
    expect(holds(age('lte', [10, 20]), { age: 20 })).toBe(true);
    expect(holds(age('gt', [10, 20]), { age: 15 })).toBe(true);
    expect(holds(age('gt', [10, 20]), { age: 10 })).toBe(false);
    expect(holds(age('gte', [10, 20]), { age: 10 })).toBe(true);
  });

  it('reads numeric strings', () => {
    expect(holds(age('gte', [18]), { age: '18' })).toBe(true);
    expect(holds(age('lt', [0]), { age: '-1.5' })).toBe(true);
    expect(holds(age('eq', [2000]), { age: '2e3' })).toBe(true);
    expect(holds(age('eq', [0.5]), { age: '.5' })).toBe(true);
  });

  it('refuses strings that are not plain decimal numbers', () => {
    for (const text of [
      '',
      ' ',
      ' 18',
      '18 ',
      '0x12',
      '0b1',
      'Infinity',
      'NaN',
      '1,5',
      '18 years',
      '--1',
      '1e',
    ]) {
      expect(holds(age('gte', [-1e9]), { age: text })).toBe(false);
      expect(holds(age('lt', [1e9]), { age: text })).toBe(false);
    }
  });

  it('never lets NaN satisfy an operator, so negated it always holds', () => {
    for (const op of ['eq', 'lt', 'lte', 'gt', 'gte'] as const) {
      expect(holds(age(op, [0]), { age: Number.NaN })).toBe(false);
      expect(holds(age(op, [0], true), { age: Number.NaN })).toBe(true);
    }
  });

  it('compares infinities as numbers beyond every bound', () => {
    expect(holds(age('gt', [1e300]), { age: Number.POSITIVE_INFINITY })).toBe(true);
    expect(holds(age('lt', [-1e300]), { age: Number.NEGATIVE_INFINITY })).toBe(true);
  });

  it('is false for a missing attribute and true when negated', () => {
    expect(holds(age('gte', [0]), {})).toBe(false);
    expect(holds(age('gte', [0], true), {})).toBe(true);
  });

  it('holds for a list attribute when any element does', () => {
    expect(holds({ attribute: 'scores', op: 'gt', values: [90] }, { scores: ['50', '95'] })).toBe(true);
    expect(holds({ attribute: 'scores', op: 'gt', values: [90] }, { scores: ['50', 'high'] })).toBe(false);
  });

  it('ignores booleans and Dates', () => {
    expect(holds(age('eq', [1]), { age: true })).toBe(false);
    expect(holds(age('gte', [0]), { age: new Date(5) })).toBe(false);
  });

  it('equals zero and negative zero', () => {
    expect(holds(age('eq', [0]), { age: -0 })).toBe(true);
  });
});
