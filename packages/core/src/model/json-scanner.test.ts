import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSteps } from '../internal/time-slice.js';
import { scanJson } from './json-scanner.js';

/** The scan of `text` cut at `cuts` into chunks: its value and duplicates, or its error's message. */
function scanChunks(text: string, cuts: number[]): unknown {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of [...points, text.length]) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  try {
    return runSteps(scanJson(chunks[Symbol.iterator]()));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const texts = (
  JSON.parse(readFileSync(new URL('../../fixtures/config-text.json', import.meta.url), 'utf8')) as {
    cases: Array<{ text: string }>;
  }
).cases.map(({ text }) => text.replace(/^\ufeff/, ''));

describe('text read in chunks is read as it is read whole', () => {
  it('any JSON text, cut anywhere, gives the value JSON.parse gives (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (value, pretty, cuts) => {
          const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
          expect(scanChunks(text, cuts)).toEqual({ value: JSON.parse(text), duplicates: [] });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('broken text, cut anywhere, fails with the same message (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 2 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (value, at, junk, cuts) => {
          const text = JSON.stringify(value);
          const cut = at % (text.length + 1);
          const broken = text.slice(0, cut) + junk + text.slice(cut);
          expect(scanChunks(broken, cuts)).toEqual(scanChunks(broken, []));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every fixture text, cut at every place, reads the same', () => {
    for (const text of texts) {
      const whole = scanChunks(text, []);
      for (let cut = 0; cut <= text.length; cut++) expect(scanChunks(text, [cut])).toEqual(whole);
    }
  });
});
