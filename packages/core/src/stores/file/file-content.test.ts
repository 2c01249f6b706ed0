import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../internal/time-slice.js';
import { decodedChunks, sameContentSteps, Utf8Chunks } from './file-content.js';

/** `bytes` cut at `cuts` into chunks. */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((at) => at % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('a file is handled as byte chunks, however it is cut', () => {
  it('decodes to its text, characters split between chunks included, without a leading byte-order mark (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        (text, marked, cuts) => {
          const bytes = encode(marked ? `\ufeff${text}` : text);
          expect([...decodedChunks(cut(bytes, cuts))].join('')).toBe(text);
        },
      ),
    );
  });

  it('encodes parts to the bytes of their text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (parts) => {
        const encoded = new Utf8Chunks();
        for (const part of parts) encoded.add(part);
        expect(Buffer.concat(encoded.finish()).toString('utf8')).toBe(parts.join(''));
      }),
    );
  });

  it('compares equal bytes as equal and any change as a change (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(),
        (bytes, cutsA, cutsB, at) => {
          expect(runSteps(sameContentSteps(cut(bytes, cutsA), cut(bytes, cutsB)))).toBe(true);
          if (bytes.length === 0) return;
          const changed = Uint8Array.from(bytes);
          changed[at % bytes.length] = ((changed[at % bytes.length] as number) + 1) % 256;
          expect(runSteps(sameContentSteps(cut(bytes, cutsA), cut(changed, cutsB)))).toBe(false);
          expect(runSteps(sameContentSteps([bytes], [bytes.subarray(1)]))).toBe(false);
        },
      ),
    );
  });
});
