import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digest, digestPrefix } from './digest.js';
import { murmur3 } from './hash.js';

describe('a 53-bit digest', () => {
  it('is the high seed’s MurmurHash3 of prefix and text above the top 21 bits of the low seed’s', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 })),
        fc.nat(),
        fc.nat(),
        (head, text, high, low) => {
          const value = digest(digestPrefix(head, high, low), text);
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(Math.floor(value / 2_097_152)).toBe(murmur3(head + text, high));
          expect(value % 2_097_152).toBe(murmur3(head + text, low) >>> 11);
        },
      ),
    );
  });

  it('tells apart long texts that differ only in their last character, and depends on both seeds', () => {
    const seeds = digestPrefix('', 7, 11);
    const long = 'x'.repeat(16_383);
    expect(digest(seeds, `${long}a`)).not.toBe(digest(seeds, `${long}b`));
    expect(digest(seeds, 'a')).not.toBe(digest(digestPrefix('', 7, 12), 'a'));
    expect(digest(seeds, 'a')).not.toBe(digest(digestPrefix('', 8, 11), 'a'));
  });
});
