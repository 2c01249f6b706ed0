import { describe, expect, it } from 'vitest';
import { flag, issuesOf, onlyIssue, pathsOf } from './validate-test-helpers.js';

describe('variation references', () => {
  it('offVariation, fallbackVariation, rule and fallthrough variations must exist', () => {
    const input = flag({
      offVariation: 'of',
      fallbackVariation: 'nope',
      rules: [{ variation: 'yes' }],
      fallthrough: { variation: 'maybe' },
    });
    expect(pathsOf({ flags: [input] })).toEqual([
      'flags[0].offVariation',
      'flags[0].fallbackVariation',
      'flags[0].rules[0].variation',
      'flags[0].fallthrough.variation',
    ]);
  });

  it('split variations must exist', () => {
    const split = {
      weights: [
        { variation: 'on', weight: 5000 },
        { variation: 'of', weight: 5000 },
      ],
    };
    expect(onlyIssue(flag({ fallthrough: { split } })).path).toBe(
      'flags[0].fallthrough.split.weights[1].variation',
    );
  });

  it('a variation named after an Object.prototype member does not exist by inheritance', () => {
    expect(onlyIssue(flag({ offVariation: 'toString' })).path).toBe('flags[0].offVariation');
    expect(onlyIssue(flag({ offVariation: '__proto__' })).path).toBe('flags[0].offVariation');
  });
});

describe('serves: exactly one of variation or split', () => {
  it('rejects both and neither', () => {
    const split = { weights: [{ variation: 'on', weight: 10000 }] };
    expect(onlyIssue(flag({ fallthrough: { variation: 'on', split } }))).toEqual({
      path: 'flags[0].fallthrough',
      message: 'must have exactly one of variation or split, got both',
    });
    expect(onlyIssue(flag({ rules: [{ conditions: [] }] }))).toEqual({
      path: 'flags[0].rules[0]',
      message: 'must have exactly one of variation or split, got neither',
    });
  });

  it('the fallthrough accepts only variation and split', () => {
    expect(onlyIssue(flag({ fallthrough: { variation: 'on', id: 'x' } })).path).toBe(
      'flags[0].fallthrough.id',
    );
  });
});

describe('splits', () => {
  const withSplit = (split: unknown): unknown => flag({ fallthrough: { split } });
  const half = [
    { variation: 'on', weight: 5000 },
    { variation: 'off', weight: 5000 },
  ];

  it('weights must sum to exactly 10000', () => {
    expect(
      onlyIssue(
        withSplit({
          weights: [
            { variation: 'on', weight: 10001 - 1 },
            { variation: 'off', weight: 1 },
          ],
        }),
      ),
    ).toEqual({
      path: 'flags[0].fallthrough.split.weights',
      message: 'must sum to 10000, got 10001',
    });
  });

  it('weights are integers from 0 to 10000', () => {
    const weights = [
      { variation: 'on', weight: 5000.5 },
      { variation: 'off', weight: -1 },
    ];
    expect(pathsOf({ flags: [withSplit({ weights })] })).toEqual([
      'flags[0].fallthrough.split.weights[0].weight',
      'flags[0].fallthrough.split.weights[1].weight',
    ]);
  });

  it('a weight of 0 is allowed (an arm ramped down to nothing)', () => {
    const weights = [
      { variation: 'on', weight: 0 },
      { variation: 'off', weight: 10000 },
    ];
    expect(issuesOf({ flags: [withSplit({ weights })] })).toEqual([]);
  });

  it('variations are unique within a split', () => {
    const weights = [
      { variation: 'on', weight: 5000 },
      { variation: 'on', weight: 5000 },
    ];
    expect(onlyIssue(withSplit({ weights }))).toEqual({
      path: 'flags[0].fallthrough.split.weights[1].variation',
      message: '"on" is already at flags[0].fallthrough.split.weights[0]',
    });
  });

  it('weights must be a non-empty array of {variation, weight}', () => {
    expect(onlyIssue(withSplit({ weights: [] })).path).toBe('flags[0].fallthrough.split.weights');
    expect(onlyIssue(withSplit({})).path).toBe('flags[0].fallthrough.split.weights');
    expect(pathsOf({ flags: [withSplit({ weights: [...half, 'x'] })] })).toEqual([
      'flags[0].fallthrough.split.weights[2]',
    ]);
    expect(onlyIssue(withSplit({ weights: [{ variation: 'on', weight: 10000, share: 1 }] })).path).toBe(
      'flags[0].fallthrough.split.weights[0].share',
    );
  });

  it('coverage is an integer from 0 to 10000', () => {
    expect(onlyIssue(withSplit({ weights: half, coverage: 10001 })).path).toBe(
      'flags[0].fallthrough.split.coverage',
    );
    expect(onlyIssue(withSplit({ weights: half, coverage: 0.5 })).path).toBe(
      'flags[0].fallthrough.split.coverage',
    );
  });

  it('bucketBy and salt are strings; other properties are unknown', () => {
    expect(pathsOf({ flags: [withSplit({ weights: half, bucketBy: '', salt: 1, seed: 2 })] })).toEqual([
      'flags[0].fallthrough.split.seed',
      'flags[0].fallthrough.split.bucketBy',
      'flags[0].fallthrough.split.salt',
    ]);
  });
});

describe('layers', () => {
  const layered = (key: string, range: unknown, layerKey = 'L'): unknown =>
    flag({
      key,
      fallthrough: {
        split: { weights: [{ variation: 'on', weight: 10000 }], layer: { key: layerKey, range } },
      },
    });

  it('range is [start, end] with 0 <= start < end <= 10000', () => {
    expect(onlyIssue(layered('a', [5000, 5000]))).toEqual({
      path: 'flags[0].fallthrough.split.layer.range',
      message: 'start must be less than end, got [5000, 5000]',
    });
    expect(onlyIssue(layered('a', [0, 10001])).path).toBe('flags[0].fallthrough.split.layer.range[1]');
    expect(onlyIssue(layered('a', [-1, 10])).path).toBe('flags[0].fallthrough.split.layer.range[0]');
    expect(onlyIssue(layered('a', [0, 10, 20])).path).toBe('flags[0].fallthrough.split.layer.range');
    expect(onlyIssue(layered('a', { start: 0, end: 10 })).path).toBe(
      'flags[0].fallthrough.split.layer.range',
    );
  });

  it('a layer needs a key', () => {
    expect(onlyIssue(layered('a', [0, 10], '')).path).toBe('flags[0].fallthrough.split.layer.key');
  });

  it('splits in one layer must not overlap, naming both', () => {
    expect(onlyIssue(layered('a', [0, 5000]), layered('b', [4000, 6000]))).toEqual({
      path: 'flags[1].fallthrough.split.layer.range',
      message:
        '[4000, 6000] overlaps [0, 5000] at flags[0].fallthrough.split.layer.range in layer "L"; ' +
        'splits in one layer need disjoint ranges',
    });
  });

  it('adjacent ranges and other layers do not overlap', () => {
    expect(
      issuesOf({
        flags: [layered('a', [0, 5000]), layered('b', [5000, 10000]), layered('c', [0, 10000], 'M')],
      }),
    ).toEqual([]);
  });

  it('finds an overlap with a wide range that is not the latest one', () => {
    expect(
      pathsOf({ flags: [layered('a', [0, 9000]), layered('b', [1000, 2000]), layered('c', [3000, 4000])] }),
    ).toEqual(['flags[1].fallthrough.split.layer.range', 'flags[2].fallthrough.split.layer.range']);
  });
});
