import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext } from '../model/types.js';
import { compileCondition } from './compile.js';

const holds = (condition: Condition, context: EvaluationContext): boolean =>
  compileCondition(condition)(context);
const hasPlan: Condition = { attribute: 'plan', op: 'exists' };

describe('exists: the attribute is present and not null or the empty string', () => {
  it('holds for any present value', () => {
    for (const plan of ['pro', 0, false, new Date(0), ['x']]) {
      expect(holds(hasPlan, { plan })).toBe(true);
    }
  });

  it('is false for absent, undefined, null and empty values', () => {
    expect(holds(hasPlan, {})).toBe(false);
    expect(holds(hasPlan, { plan: undefined })).toBe(false);
    expect(holds(hasPlan, { plan: null as unknown as string })).toBe(false);
    expect(holds(hasPlan, { plan: '' })).toBe(false);
  });

  it('holds for a list with a present element, not for an empty list or a list of empty strings', () => {
    expect(holds(hasPlan, { plan: ['', 'pro'] })).toBe(true);
    expect(holds(hasPlan, { plan: [] })).toBe(false);
    expect(holds(hasPlan, { plan: [''] })).toBe(false);
  });

  it('negated, holds exactly when the attribute is absent', () => {
    expect(holds({ ...hasPlan, negate: true }, {})).toBe(true);
    expect(holds({ ...hasPlan, negate: true }, { plan: '' })).toBe(true);
    expect(holds({ ...hasPlan, negate: true }, { plan: 'pro' })).toBe(false);
  });

  it('ignores values it is given', () => {
    expect(holds({ ...hasPlan, values: ['enterprise'] }, { plan: 'pro' })).toBe(true);
  });

  it('reads own properties only: inherited names are absent', () => {
    for (const attribute of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(holds({ attribute, op: 'exists' }, {})).toBe(false);
    }
    const own = JSON.parse('{"__proto__": "x", "constructor": "y"}') as EvaluationContext;
    expect(holds({ attribute: '__proto__', op: 'exists' }, own)).toBe(true);
    expect(holds({ attribute: 'constructor', op: 'in', values: ['y'] }, own)).toBe(true);
  });
});
