import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFunction, normalizedValue, STRATEGY_SEED, VARIANT_SEED } from './hashing.js';

const utf8 = hashFunction('utf8');
const node = hashFunction('unleash-node');

describe("Unleash's normalisation: murmur3(groupId:id, seed) % normalizer + 1", () => {
  it('reproduces the vectors Unleash fixtures rely on (SEMANTICS.md §2.1)', () => {
    // 10% rollout admits user 174: normalised value exactly 10, and the check is `<=`.
    expect(utf8('Feature.flexibleRollout.10:174', STRATEGY_SEED)).toBe(3067997709);
    expect(normalizedValue(utf8, '174', 'Feature.flexibleRollout.10', 100, STRATEGY_SEED)).toBe(10);
    expect(normalizedValue(utf8, '155', 'AB12A', 100, STRATEGY_SEED)).toBe(100);
    expect(utf8('Feature.Variants.C:232', VARIANT_SEED)).toBe(2010930785);
    expect(normalizedValue(utf8, '232', 'Feature.Variants.C', 99, VARIANT_SEED)).toBe(18);
  });

  it('stays within 1..normalizer', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 10_000 }), (id, group, normalizer) => {
        const value = normalizedValue(utf8, id, group, normalizer, VARIANT_SEED);
        return value >= 1 && value <= normalizer;
      }),
    );
  });
});

describe('hashing modes agree on ASCII and differ where murmurhash3js drops high bytes', () => {
  it('utf8 and unleash-node give the same hash for every ASCII string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii' }),
        fc.nat(),
        (text, seed) => utf8(text, seed) === node(text, seed),
      ),
    );
  });

  it('differ for non-ASCII ids: utf8 is the reference MurmurHash3, unleash-node the low bytes', () => {
    expect(utf8('groupId:øyvind', 0)).toBe(3322033004);
    expect(node('groupId:øyvind', 0)).toBe(1334492529);
  });
});
