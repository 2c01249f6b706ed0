import { describe, expect, it } from 'vitest';
import { formatPercent } from './percent.js';

describe('formatPercent', () => {
  it('keeps a fixed number of decimals, with or without trailing zeros', () => {
    expect(formatPercent(0.05, { decimals: 2 })).toBe('5.00%');
    expect(formatPercent(0.05, { decimals: 2, trim: true })).toBe('5%');
    expect(formatPercent(0.01234, { decimals: 2, trim: true })).toBe('1.23%');
  });

  it('keeps significant digits', () => {
    expect(formatPercent(0.012345, { significant: 3 })).toBe('1.23%');
    expect(formatPercent(0.5, { significant: 3 })).toBe('50%');
  });

  it('adapts its decimals to the size of the share', () => {
    expect(formatPercent(0, 'adaptive')).toBe('0%');
    expect(formatPercent(0.0412, 'adaptive')).toBe('4.12%');
    expect(formatPercent(0.123456, 'adaptive')).toBe('12.3%');
    expect(formatPercent(0.000123, 'adaptive')).toBe('0.012%');
  });
});
