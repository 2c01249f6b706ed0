import { describe, expect, it } from 'vitest';
import { toRampkitContext } from './context.js';

describe('OpenFeature contexts become Rampkit contexts', () => {
  it('keeps targetingKey and scalars, drops nulls, stringifies list items, flattens objects with dots', () => {
    const when = new Date('2025-01-01T00:00:00Z');
    expect(
      toRampkitContext({
        targetingKey: 'u1',
        plan: 'pro',
        age: 40,
        beta: false,
        since: when,
        gone: null,
        tags: ['a', 1, true, null, { x: 1 }],
        user: { country: 'NO', org: { id: 'o-1' } },
      }),
    ).toEqual({
      targetingKey: 'u1',
      plan: 'pro',
      age: 40,
      beta: false,
      since: when,
      tags: ['a', '1', 'true'],
      'user.country': 'NO',
      'user.org.id': 'o-1',
    });
  });

  it('never lets a context key reach the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": "yes"}');
    const context = toRampkitContext(hostile);
    expect(context).toEqual({ ok: 'yes' });
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
  });
});
