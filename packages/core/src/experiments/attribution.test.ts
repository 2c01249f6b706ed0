import { describe, expect, it } from 'vitest';
import { acceptsIncrement, attributedArm, firstExposure } from './attribution.js';

describe('the attribution rule', () => {
  it('events before the exposure are not attributed; at or after it, they count in its arm', () => {
    const exposure = { arm: 'b', exposedAt: 1_000 };
    expect(attributedArm(exposure, 999)).toBeUndefined();
    expect(attributedArm(exposure, 1_000)).toBe('b');
    expect(attributedArm(exposure, 5_000)).toBe('b');
    expect(attributedArm(undefined, 5_000)).toBeUndefined();
    expect(attributedArm(exposure, Number.NaN)).toBeUndefined();
  });

  it('first exposure wins: the earlier one, and on a tie the one already known', () => {
    const a = { arm: 'a', exposedAt: 2_000 };
    const b = { arm: 'b', exposedAt: 1_000 };
    expect(firstExposure(undefined, a)).toBe(a);
    expect(firstExposure(a, b)).toBe(b);
    expect(firstExposure(b, a)).toBe(b);
    expect(firstExposure(a, { arm: 'b', exposedAt: 2_000 })).toBe(a);
  });

  it('totals of another arm than the first exposure are refused', () => {
    expect(acceptsIncrement({ arm: 'a', exposedAt: 1 }, 'a')).toBe(true);
    expect(acceptsIncrement({ arm: 'a', exposedAt: 1 }, 'b')).toBe(false);
    expect(acceptsIncrement(undefined, 'a')).toBe(false);
  });
});
