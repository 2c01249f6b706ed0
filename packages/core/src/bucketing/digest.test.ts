import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digest, digestSeeds } from './digest.js';
import { murmur3 } from './hash.js';

describe('a 53-bit digest', () => {
  const seeds = digestSeeds(7, 11);

  it('is the first seed’s MurmurHash3 above the top 21 bits of the second’s, an exact integer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const value = digest(seeds, text);
        expect(Number.isSafeInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(Math.floor(value / 2_097_152)).toBe(murmur3(text, 7));
        expect(value % 2_097_152).toBe(murmur3(text, 11) >>> 11);
      }),
    );
  });

  it('tells apart long texts that differ only in their last character, and depends on both seeds', () => {
    const long = 'x'.repeat(16_383);
    expect(digest(seeds, `${long}a`)).not.toBe(digest(seeds, `${long}b`));
    expect(digest(seeds, 'a')).not.toBe(digest(digestSeeds(7, 12), 'a'));
    expect(digest(seeds, 'a')).not.toBe(digest(digestSeeds(8, 11), 'a'));
  });
});
