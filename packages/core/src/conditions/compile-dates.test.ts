import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext } from '../model/types.js';
import { compileCondition } from './compile.js';

const holds = (condition: Condition, context: EvaluationContext): boolean =>
  compileCondition(condition)(context);
const launch = '2025-06-01T00:00:00Z';
const launchMs = Date.UTC(2025, 5, 1);
const signup = (op: 'before' | 'after', values: Array<string | number>, negate = false): Condition => ({
  attribute: 'signedUpAt',
  op,
  values,
  negate,
});

describe('before and after compare instants', () => {
  it('before holds strictly before the instant, after strictly after', () => {
    expect(holds(signup('before', [launch]), { signedUpAt: '2025-05-31T23:59:59Z' })).toBe(true);
    expect(holds(signup('before', [launch]), { signedUpAt: launch })).toBe(false);
    expect(holds(signup('after', [launch]), { signedUpAt: '2025-06-01T00:00:00.001Z' })).toBe(true);
    expect(holds(signup('after', [launch]), { signedUpAt: launch })).toBe(false);
  });

  it('inverts with negate', () => {
    expect(holds(signup('before', [launch], true), { signedUpAt: '2025-05-31' })).toBe(false);
    expect(holds(signup('before', [launch], true), { signedUpAt: '2025-07-01' })).toBe(true);
  });

  it('reads context Dates, ISO strings with offsets and epoch milliseconds', () => {
    expect(holds(signup('before', [launch]), { signedUpAt: new Date(launchMs - 1) })).toBe(true);
    expect(holds(signup('before', [launch]), { signedUpAt: launchMs - 1 })).toBe(true);
    expect(holds(signup('before', [launch]), { signedUpAt: '2025-06-01T01:59:59+02:00' })).toBe(true);
    expect(holds(signup('after', [launch]), { signedUpAt: '2025-05-31T22:00:01-02:00' })).toBe(true);
  });

  it('takes epoch milliseconds as operands', () => {
    expect(holds(signup('after', [launchMs]), { signedUpAt: '2025-06-02' })).toBe(true);
  });

  it('holds against any of several values', () => {
    expect(holds(signup('before', ['2025-01-01', launch]), { signedUpAt: '2025-03-01' })).toBe(true);
    expect(holds(signup('after', ['2025-01-01', launch]), { signedUpAt: '2025-03-01' })).toBe(true);
    expect(holds(signup('after', ['2025-04-01', launch]), { signedUpAt: '2025-03-01' })).toBe(false);
  });

  it('is false for values that are not instants', () => {
    for (const value of ['yesterday', '2025-02-30', '', 'NaN', Number.NaN, true, new Date(Number.NaN)]) {
      expect(holds(signup('before', [launch]), { signedUpAt: value })).toBe(false);
      expect(holds(signup('after', [launch]), { signedUpAt: value })).toBe(false);
    }
  });

  it('is false for a missing attribute and true when negated', () => {
    expect(holds(signup('after', [launch]), {})).toBe(false);
    expect(holds(signup('after', [launch], true), {})).toBe(true);
  });

  it('holds for a list attribute when any element does', () => {
    const condition: Condition = { attribute: 'logins', op: 'after', values: [launch] };
    expect(holds(condition, { logins: ['2024-01-01', '2025-07-01'] })).toBe(true);
    expect(holds(condition, { logins: ['2024-01-01', 'never'] })).toBe(false);
  });
});
