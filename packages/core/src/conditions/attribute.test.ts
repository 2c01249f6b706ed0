import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationContext } from '../model/types.js';
import { readUnit } from './attribute.js';

const objectPrototype = Object.prototype as { targetingKey?: unknown };

describe('readUnit reads targetingKey as an own property only', () => {
  afterEach(() => {
    delete objectPrototype.targetingKey;
  });

  it('of a plain object', () => {
    expect(readUnit({ targetingKey: 'user-1' }, 'targetingKey')).toBe('user-1');
    expect(readUnit({}, 'targetingKey')).toBeUndefined();
  });

  it('of an object without a prototype', () => {
    const context = Object.assign(Object.create(null), { targetingKey: 'user-2' }) as EvaluationContext;
    expect(readUnit(context, 'targetingKey')).toBe('user-2');
  });

  it('of a class instance, and not from its prototype', () => {
    class Visitor {
      constructor(readonly targetingKey: string) {}
    }
    class Inherited {}
    Object.defineProperty(Inherited.prototype, 'targetingKey', { value: 'from-prototype' });
    expect(readUnit(new Visitor('user-3') as EvaluationContext, 'targetingKey')).toBe('user-3');
    expect(readUnit(new Inherited() as EvaluationContext, 'targetingKey')).toBeUndefined();
  });

  it('not from a polluted Object.prototype, while an own key still counts', () => {
    objectPrototype.targetingKey = 'polluted';
    expect(readUnit({}, 'targetingKey')).toBeUndefined();
    expect(readUnit({ targetingKey: 'user-4' }, 'targetingKey')).toBe('user-4');
  });

  it('as a string: numbers in decimal, empty and other values as no unit', () => {
    expect(readUnit({ targetingKey: 42 } as unknown as EvaluationContext, 'targetingKey')).toBe('42');
    expect(readUnit({ targetingKey: '' }, 'targetingKey')).toBeUndefined();
    expect(readUnit({ targetingKey: ['a'] } as unknown as EvaluationContext, 'targetingKey')).toBeUndefined();
  });
});
