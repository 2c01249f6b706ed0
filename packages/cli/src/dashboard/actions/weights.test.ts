import { describe, expect, it } from 'vitest';
import { parseWeights } from './weights.js';

describe('the split form', () => {
  it('reads percentages into basis points', () => {
    expect(parseWeights({ _csrf: 'x', 'weight:a': '12.5', 'weight:b': '87.50' })).toEqual(
      new Map([
        ['a', 1250],
        ['b', 8750],
      ]),
    );
  });

  it('names the field that is wrong', () => {
    expect(parseWeights({ 'weight:a': '101' })).toMatch(
      /weight of a must be a percentage from 0 to 100, got "101"/,
    );
    expect(parseWeights({ 'weight:a': 'x' })).toMatch(/weight of a/);
    expect(parseWeights({ 'weight:a': '1.234' })).toMatch(/more than two decimals/);
    expect(parseWeights({})).toMatch(/no weights/);
  });
});
