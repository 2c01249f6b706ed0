import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSteps } from '../internal/time-slice.js';
import { adoptConfig, isAdopted } from './adopted-config.js';
import { freezeSteps, frozenCopySteps } from './frozen-data.js';
import { flag } from './validate-test-helpers.js';

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('stores hand out deep-frozen configurations', () => {
  it('a frozen copy equals the data, is frozen all through, and leaves the original as it was', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const original = JSON.parse(JSON.stringify(value)) as unknown;
        const copy = runSteps(frozenCopySteps(original));
        expect(copy).toEqual(original);
        expect(isDeepFrozen(copy)).toBe(true);
        if (typeof original === 'object' && original !== null && Object.keys(original).length > 0) {
          expect(Object.isFrozen(original)).toBe(false);
          expect(copy).not.toBe(original);
        }
      }),
    );
  });

  it('a "__proto__" key stays an own property of the copy', () => {
    const value = JSON.parse('{"a": {"__proto__": {"x": 1}}, "__proto__": [1]}') as object;
    const copy = runSteps(frozenCopySteps(value));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });

  it('data no one else holds is frozen in place', () => {
    const value = { flags: [flag()], segments: [] };
    expect(runSteps(freezeSteps(value))).toBe(value);
    expect(isDeepFrozen(value)).toBe(true);
  });

  it('an adopted configuration is a frozen copy, and adopting it again returns it as it is', () => {
    const config = { flags: [flag()] };
    const adopted = adoptConfig(config);
    expect(adopted).not.toBe(config);
    expect(adopted).toEqual(config);
    expect(isDeepFrozen(adopted)).toBe(true);
    expect(isAdopted(adopted)).toBe(true);
    expect(isAdopted(config)).toBe(false);
    expect(adoptConfig(adopted)).toBe(adopted);
  });
});
