import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { close, reference } from '../reference.test-helper.js';
import { holmAdjust } from './holm.js';

describe("Holm's adjusted p-values", () => {
  it.each(reference.holm)(
    'match statsmodels multipletests(method="holm") for $pValues',
    ({ pValues, adjusted }) => {
      holmAdjust(pValues).forEach((value, i) => {
        expect(close(value, adjusted[i]!, 1e-12)).toBe(true);
      });
    },
  );

  it('are at least the raw p-values, at most Bonferroni, at most 1, and keep their order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (ps) => {
          const adjusted = holmAdjust(ps);
          ps.forEach((p, i) => {
            expect(adjusted[i]!).toBeGreaterThanOrEqual(p);
            expect(adjusted[i]!).toBeLessThanOrEqual(Math.min(1, ps.length * p) + 1e-15);
            ps.forEach((q, j) => {
              if (p < q) expect(adjusted[i]!).toBeLessThanOrEqual(adjusted[j]!);
            });
          });
        },
      ),
    );
  });
});
