import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import murmurhash3js from 'murmurhash3js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/random.js';
import {
  BUCKETS,
  bucketOf,
  bucketWithPrefix,
  COVERAGE_SEED,
  hashWithPrefix,
  LAYER_SEED,
  murmur3,
  prepareHashPrefix,
  SPLIT_SEED,
  toHashInput,
} from './hash.js';
import { referenceMurmur3, referenceMurmur3Utf8 } from './reference-murmur3.test-helper.js';

interface Vector {
  salt: string;
  unit: string;
  seed: number;
  hash: number;
  bucket: number;
  note?: string;
}

interface Fixture {
  vectors: Vector[];
  loneSurrogateVectors: Vector[];
}

// Read with JSON.parse rather than imported: Vite's JSON reader refuses lone-surrogate escapes.
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/bucketing.json', import.meta.url), 'utf8'),
) as Fixture;
const { vectors, loneSurrogateVectors } = fixture;
const encoder = new TextEncoder();
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point: all of ASCII
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const seedArb = fc.integer({ min: 0, max: 0xffffffff });

/** mulberry32: a tiny seeded PRNG, so the statistical tests see the same units on every run. */

function randomUnits(count: number, seed: number): string[] {
  const next = mulberry32(seed);
  const units: string[] = [];
  for (let i = 0; i < count; i++) {
    const hi = Math.floor(next() * 0x100000000).toString(16);
    const lo = Math.floor(next() * 0x100000000).toString(16);
    units.push(`${hi}-${lo}`);
  }
  return units;
}

/** UTF-16 surrogates without their other half: a high one not followed by a low one, or the reverse. */
const LONE_HIGH = /[\ud800-\udbff](?![\udc00-\udfff])/;
const LONE_LOW = /(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE = new RegExp(`${LONE_HIGH.source}|${LONE_LOW.source}`);

/** Replaces every unpaired UTF-16 surrogate by U+FFFD, as the WHATWG UTF-8 encoder does. */
function replaceLoneSurrogates(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');
}

describe('the reference MurmurHash3_x86_32 reproduces published values', () => {
  // Values from SMHasher's MurmurHash3.cpp as published with its ports (hex, unsigned).
  const published: [string, number, number][] = [
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['aa', 0x9747b28c, 0x5d211726],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['abc', 0, 0xb3dd93fa],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['hello', 0, 0x248bfa47],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['a'.repeat(256), 0x9747b28c, 0x37405bdc],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 0, 0xee925b90],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ];

  it.each(published)('MurmurHash3_x86_32(%j, %i)', (text, seed, expected) => {
    expect(referenceMurmur3Utf8(text, seed)).toBe(expected);
    expect(murmur3(text, seed)).toBe(expected);
  });

  it('reads the tail bytes in the reference order (1, 2 and 3 trailing bytes)', () => {
    expect(referenceMurmur3(new Uint8Array([0x21]), 0)).toBe(0x72661cf4);
    expect(referenceMurmur3(new Uint8Array([0x21, 0x43]), 0)).toBe(0xa0f7b07a);
    expect(referenceMurmur3(new Uint8Array([0x21, 0x43, 0x65]), 0)).toBe(0x7e4a8634);
    expect(referenceMurmur3(new Uint8Array([0x21, 0x43, 0x65, 0x87]), 0)).toBe(0xf55b516b);
  });
});

describe('fixtures/bucketing.json: hash = MurmurHash3_x86_32(utf8(salt + ":" + unit), seed), bucket = hash % 10000', () => {
  it('covers the contract seeds, ASCII and non-ASCII, empty and long units', () => {
    const seeds = new Set(vectors.map((v) => v.seed));
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    expect([SPLIT_SEED, COVERAGE_SEED, LAYER_SEED].every((s) => seeds.has(s))).toBe(true);
    expect(seeds.size).toBeGreaterThan(3);
    expect(vectors.some((v) => v.unit === '')).toBe(true);
    expect(vectors.some((v) => encoder.encode(v.unit).length >= 256)).toBe(true);
    expect(vectors.filter((v) => !ASCII_ONLY.test(v.salt + v.unit)).length).toBeGreaterThanOrEqual(20);
    expect(vectors.some((v) => /\p{M}/u.test(v.unit))).toBe(true);
    expect(vectors.some((v) => /\p{Extended_Pictographic}/u.test(v.unit))).toBe(true);
  });

  it('keeps lone surrogates out of "vectors", so that strict JSON readers can read that list', () => {
    expect(vectors.some((v) => LONE_SURROGATE.test(`${v.salt}:${v.unit}`))).toBe(false);
  });

  it('covers lone surrogates in "loneSurrogateVectors": high and low, in unit and salt, every contract seed', () => {
    const lone = loneSurrogateVectors;
    expect(lone.length).toBeGreaterThanOrEqual(10);
    expect(lone.every((v) => LONE_SURROGATE.test(`${v.salt}:${v.unit}`))).toBe(true);
    expect(lone.some((v) => LONE_HIGH.test(v.unit))).toBe(true);
    expect(lone.some((v) => LONE_LOW.test(v.unit))).toBe(true);
    expect(lone.some((v) => LONE_SURROGATE.test(v.salt))).toBe(true);
    expect([SPLIT_SEED, COVERAGE_SEED, LAYER_SEED].every((s) => lone.some((v) => v.seed === s))).toBe(true);
  });

  it('a vector with lone surrogates hashes as its text with U+FFFD in place of each', () => {
    for (const v of loneSurrogateVectors) {
      const replaced = replaceLoneSurrogates(`${v.salt}:${v.unit}`);
      expect(LONE_SURROGATE.test(replaced)).toBe(false);
      expect(referenceMurmur3Utf8(replaced, v.seed), JSON.stringify(v)).toBe(v.hash);
    }
  });

  it.each([...vectors, ...loneSurrogateVectors])('$salt : $unit (seed $seed) → $hash', (v) => {
    const input = `${v.salt}:${v.unit}`;
    expect(v.bucket).toBe(v.hash % BUCKETS);
    expect(referenceMurmur3Utf8(input, v.seed)).toBe(v.hash);
    expect(murmur3(input, v.seed)).toBe(v.hash);
    expect(bucketOf(v.salt, v.unit, v.seed)).toBe(v.bucket);
    expect(bucketWithPrefix(prepareHashPrefix(`${v.salt}:`, v.seed), v.unit)).toBe(v.bucket);
    if (ASCII_ONLY.test(input)) expect(murmurhash3js.x86.hash32(input, v.seed)).toBe(v.hash);
  });
});

describe('murmur3 equals the reference over the UTF-8 bytes for any string', () => {
  it('for grapheme strings (combining sequences, emoji, any script)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), seedArb, (text, seed) => {
        expect(murmur3(text, seed)).toBe(referenceMurmur3Utf8(text, seed));
      }),
    );
  });

  it('for any code points, including astral ones', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), seedArb, (text, seed) => {
        expect(murmur3(text, seed)).toBe(referenceMurmur3Utf8(text, seed));
      }),
    );
  });

  it('whichever seeds came before, in turns and past the number of seeds it keeps', () => {
    const seeds = Array.from({ length: 100 }, (_, i) => (i * 0x9e3779b9) | 0);
    for (const round of [1, 2]) {
      for (const seed of seeds) {
        const text = `unit-${round}-${seed}`;
        expect(murmur3(text, seed)).toBe(referenceMurmur3Utf8(text, seed));
        expect(murmur3(text, 1)).toBe(referenceMurmur3Utf8(text, 1));
      }
    }
  });

  it('for ASCII, murmur3 is murmurhash3js unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), seedArb, (text, seed) => {
        expect(toHashInput(text)).toBe(text);
        expect(murmur3(text, seed)).toBe(murmurhash3js.x86.hash32(text, seed));
      }),
    );
  });

  it('toHashInput turns a string into one character per UTF-8 byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const binary = toHashInput(text);
        const codes = Array.from(binary, (c) => c.charCodeAt(0));
        expect(codes).toEqual(Array.from(encoder.encode(text)));
      }),
    );
  });

  it('handles units longer than one re-encoding chunk (4096 bytes)', () => {
    const text = `exp:${'日本語🚀é'.repeat(1000)}`;
    expect(encoder.encode(text).length).toBeGreaterThan(4096 * 2);
    expect(murmur3(text, COVERAGE_SEED)).toBe(referenceMurmur3Utf8(text, COVERAGE_SEED));
  });
});

describe('lone surrogates hash as U+FFFD, as the UTF-8 encoder replaces them', () => {
  it('a lone high or low surrogate hashes like U+FFFD (bytes EF BF BD)', () => {
    const replaced = new Uint8Array([0x75, 0x2d, 0xef, 0xbf, 0xbd]); // "u-" + U+FFFD
    expect(murmur3('u-\ud800', 0)).toBe(referenceMurmur3(replaced, 0));
    expect(murmur3('u-\udfff', 0)).toBe(referenceMurmur3(replaced, 0));
    expect(murmur3('u-\ud800', 0)).toBe(murmur3('u-\ufffd', 0));
  });

  it('a high surrogate followed by a low one is a pair, one code point, not two replacements', () => {
    expect(murmur3('\ud83d\ude80', 0)).toBe(murmur3('🚀', 0));
    expect(murmur3('\ud83d\ude80', 0)).not.toBe(murmur3('\ufffd\ufffd', 0));
  });

  it('for strings mixing lone surrogates with other code points', () => {
    const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    const unit = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate);
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), seedArb, (text, seed) => {
        const expected = referenceMurmur3Utf8(replaceLoneSurrogates(text), seed);
        expect(murmur3(text, seed)).toBe(expected);
        expect(referenceMurmur3(encoder.encode(text), seed)).toBe(expected);
      }),
    );
  });
});

describe('buckets are integers in [0, 9999] and deterministic', () => {
  it('for any salt, unit and seed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        seedArb,
        (salt, unit, seed) => {
          const bucket = bucketOf(salt, unit, seed);
          expect(Number.isInteger(bucket)).toBe(true);
          expect(bucket).toBeGreaterThanOrEqual(0);
          expect(bucket).toBeLessThan(BUCKETS);
          expect(bucketOf(salt, unit, seed)).toBe(bucket);
          expect(bucketWithPrefix(prepareHashPrefix(`${salt}:`, seed), unit)).toBe(bucket);
        },
      ),
    );
  });

  it('a prepared prefix hashes like the joined string, at every prefix length and any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 13 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        seedArb,
        (prefix, unit, seed) => {
          const joined = new TextEncoder().encode(prefix + unit);
          expect(hashWithPrefix(prepareHashPrefix(prefix, seed), unit)).toBe(referenceMurmur3(joined, seed));
        },
      ),
    );
  });

  it('the default seed is the split seed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (salt, unit) => {
        expect(bucketOf(salt, unit)).toBe(bucketOf(salt, unit, SPLIT_SEED));
        expect(murmur3(`${salt}:${unit}`)).toBe(murmur3(`${salt}:${unit}`, SPLIT_SEED));
      }),
    );
  });
});

describe('buckets are uniform: chi-square over 100 classes of 100 buckets', () => {
  // The p = 0.001 critical value of the chi-square distribution with 99 degrees of freedom.
  const CRITICAL_99_DOF = 148.23;
  const UNITS = 100_000;

  function chiSquareOfClasses(salt: string, units: readonly string[], seed: number): number {
    const observed = new Array<number>(100).fill(0);
    for (const unit of units) {
      const cls = Math.floor(bucketOf(salt, unit, seed) / 100);
      observed[cls] = (observed[cls] ?? 0) + 1;
    }
    const expected = units.length / 100;
    return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
  }

  const random = randomUnits(UNITS, 20_240_601);
  const sequential = Array.from({ length: UNITS }, (_, i) => `user-${i}`);

  it.each([
    ['random ids', random, SPLIT_SEED],
    ['random ids', random, COVERAGE_SEED],
    ['sequential ids', sequential, SPLIT_SEED],
    ['sequential ids', sequential, LAYER_SEED],
  ] as const)('%s, seed %i', (_name, units, seed) => {
    expect(chiSquareOfClasses('checkout-v2', units, seed)).toBeLessThan(CRITICAL_99_DOF);
  });
});

describe('coverage and layer hashes are independent of the split hash', () => {
  // The p = 0.001 critical value of the chi-square distribution with 1 degree of freedom.
  const CRITICAL_1_DOF = 10.83;

  /** Pearson's chi-square of a 2×2 contingency table: canary (split < 20%) × covered (other < 50%). */
  function chiSquare2x2(units: readonly string[], otherSeed: number): number {
    const table = [0, 0, 0, 0];
    for (const unit of units) {
      const inCanary = bucketOf('checkout-v2', unit, SPLIT_SEED) < 2_000 ? 1 : 0;
      const covered = bucketOf('checkout-v2', unit, otherSeed) < 5_000 ? 1 : 0;
      const cell = inCanary * 2 + covered;
      table[cell] = (table[cell] ?? 0) + 1;
    }
    const [a = 0, b = 0, c = 0, d = 0] = table;
    const n = a + b + c + d;
    return (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
  }

  const units = randomUnits(100_000, 7);

  it.each([
    ['coverage', COVERAGE_SEED],
    ['layer', LAYER_SEED],
  ] as const)('%s seed vs split seed', (_name, seed) => {
    expect(chiSquare2x2(units, seed)).toBeLessThan(CRITICAL_1_DOF);
  });
});
