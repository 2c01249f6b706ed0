import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Split } from '../model/types.js';
import { BUCKETS, bucketOf, COVERAGE_SEED, LAYER_SEED } from './hash.js';
import { compileSplit, NOT_PLACED, placeUnit } from './split.js';

const units = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
const canaryAt = (weight: number, extra: Partial<Split> = {}): Split => ({
  weights: [
    { variation: 'canary', weight },
    { variation: 'stable', weight: BUCKETS - weight },
  ],
  ...extra,
});

describe('a split maps bucket b to the first variation whose cumulative weight exceeds b', () => {
  const split = compileSplit(
    {
      weights: [
        { variation: 'a', weight: 2500 },
        { variation: 'b', weight: 0 },
        { variation: 'c', weight: 5000 },
        { variation: 'd', weight: 2500 },
      ],
    },
    'checkout',
    'targetingKey',
  );

  it('places each unit by bucketOf(salt, unit)', () => {
    for (const unit of units) {
      const bucket = bucketOf('checkout', unit);
      const expected = bucket < 2500 ? 'a' : bucket < 7500 ? 'c' : 'd';
      expect(split.variations[placeUnit(split, unit)]).toBe(expected);
    }
  });

  it('never places a unit on a zero-weight variation', () => {
    expect(units.some((unit) => placeUnit(split, unit) === 1)).toBe(false);
  });

  it('uses the split salt and bucketBy over the flag ones', () => {
    const own = compileSplit(
      { ...canaryAt(5000), salt: 'reshuffle', bucketBy: 'sessionId' },
      'flag',
      'userId',
    );
    expect(own.prefix).toBe('reshuffle:');
    expect(own.unitAttribute).toBe('sessionId');
    const inherited = compileSplit(canaryAt(5000), 'flag', 'userId');
    expect(inherited.prefix).toBe('flag:');
    expect(inherited.unitAttribute).toBe('userId');
    for (const unit of units.slice(0, 200)) {
      expect(placeUnit(own, unit)).toBe(bucketOf('reshuffle', unit) < 5000 ? 0 : 1);
    }
  });

  it('agrees with bucketOf for any salt and unit, ASCII or not, in every check', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(text, text, text, fc.integer({ min: 0, max: BUCKETS }), (salt, layerKey, unit, cut) => {
        const split = compileSplit(
          canaryAt(cut, { coverage: 7000, layer: { key: layerKey, range: [1000, 9000] } }),
          salt,
          'targetingKey',
        );
        const covered = bucketOf(salt, unit, COVERAGE_SEED) < 7000;
        const layerBucket = bucketOf(layerKey, unit, LAYER_SEED);
        const expected =
          covered && layerBucket >= 1000 && layerBucket < 9000
            ? bucketOf(salt, unit) < cut
              ? 0
              : 1
            : NOT_PLACED;
        expect(placeUnit(split, unit)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves buckets past the last cumulative weight unplaced (weights that do not sum to 10000)', () => {
    const short = compileSplit({ weights: [{ variation: 'a', weight: 1 }] }, 'checkout', 'targetingKey');
    for (const unit of units.slice(0, 200)) {
      expect(placeUnit(short, unit)).toBe(bucketOf('checkout', unit) < 1 ? 0 : NOT_PLACED);
    }
  });
});

describe('ramps are monotone', () => {
  it('a unit in the canary at weight w1 is in the canary at every w2 > w1', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: BUCKETS }),
        fc.integer({ min: 0, max: BUCKETS }),
        (unit, salt, a, b) => {
          const [w1, w2] = a <= b ? [a, b] : [b, a];
          const low = compileSplit(canaryAt(w1), salt, 'targetingKey');
          const high = compileSplit(canaryAt(w2), salt, 'targetingKey');
          if (placeUnit(low, unit) === 0) expect(placeUnit(high, unit)).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('moves exactly the units whose bucket lies in [w1, w2) when ramping 5% → 25%', () => {
    const low = compileSplit(canaryAt(500), 'ramp', 'targetingKey');
    const high = compileSplit(canaryAt(2500), 'ramp', 'targetingKey');
    for (const unit of units) {
      const bucket = bucketOf('ramp', unit);
      const moved = placeUnit(low, unit) === 1 && placeUnit(high, unit) === 0;
      expect(moved).toBe(bucket >= 500 && bucket < 2500);
    }
  });
});

describe('coverage changes never move a unit between arms', () => {
  it('a unit covered at c1 and at c2 gets the same arm', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: BUCKETS }),
        fc.integer({ min: 0, max: BUCKETS }),
        fc.integer({ min: 0, max: BUCKETS }),
        (unit, weight, c1, c2) => {
          const first = placeUnit(
            compileSplit(canaryAt(weight, { coverage: c1 }), 'exp', 'targetingKey'),
            unit,
          );
          const second = placeUnit(
            compileSplit(canaryAt(weight, { coverage: c2 }), 'exp', 'targetingKey'),
            unit,
          );
          if (first !== NOT_PLACED && second !== NOT_PLACED) expect(first).toBe(second);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('widening coverage keeps every covered unit covered', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: BUCKETS }),
        fc.integer({ min: 0, max: BUCKETS }),
        (unit, a, b) => {
          const [c1, c2] = a <= b ? [a, b] : [b, a];
          const narrow = compileSplit(canaryAt(5000, { coverage: c1 }), 'exp', 'targetingKey');
          const wide = compileSplit(canaryAt(5000, { coverage: c2 }), 'exp', 'targetingKey');
          if (placeUnit(narrow, unit) !== NOT_PLACED) expect(placeUnit(wide, unit)).not.toBe(NOT_PLACED);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('covers a unit when bucketOf(salt, unit, COVERAGE_SEED) < coverage', () => {
    const split = compileSplit(canaryAt(5000, { coverage: 3000 }), 'exp', 'targetingKey');
    let covered = 0;
    for (const unit of units) {
      const expected = bucketOf('exp', unit, COVERAGE_SEED) < 3000;
      expect(placeUnit(split, unit) !== NOT_PLACED).toBe(expected);
      if (expected) covered++;
    }
    // The coverage hash is independent of the split hash, so about 30% of units are covered.
    expect(covered / units.length).toBeGreaterThan(0.25);
    expect(covered / units.length).toBeLessThan(0.35);
  });

  it('a coverage of 0 places no unit', () => {
    const split = compileSplit(canaryAt(5000, { coverage: 0 }), 'exp', 'targetingKey');
    expect(units.every((unit) => placeUnit(split, unit) === NOT_PLACED)).toBe(true);
  });
});

describe('two experiments in one layer share no unit', () => {
  const layerUnits = Array.from({ length: 20_000 }, (_, i) => `visitor-${i}`);
  const inLayer = (salt: string, range: [number, number]) =>
    compileSplit(canaryAt(5000, { layer: { key: 'homepage', range } }), salt, 'targetingKey');
  const first = inLayer('hero-copy', [0, 4000]);
  const second = inLayer('hero-image', [4000, 10_000]);

  it('no unit is placed in both of two disjoint ranges', () => {
    let inFirst = 0;
    let inSecond = 0;
    for (const unit of layerUnits) {
      const a = placeUnit(first, unit) !== NOT_PLACED;
      const b = placeUnit(second, unit) !== NOT_PLACED;
      expect(a && b).toBe(false);
      if (a) inFirst++;
      if (b) inSecond++;
    }
    // Disjoint ranges that cover the layer place every unit in exactly one experiment.
    expect(inFirst + inSecond).toBe(layerUnits.length);
    expect(inFirst / layerUnits.length).toBeCloseTo(0.4, 1);
  });

  it('places a unit when bucketOf(layer.key, unit, LAYER_SEED) lies in [start, end)', () => {
    for (const unit of layerUnits.slice(0, 500)) {
      const bucket = bucketOf('homepage', unit, LAYER_SEED);
      expect(placeUnit(first, unit) !== NOT_PLACED).toBe(bucket < 4000);
    }
  });
});
