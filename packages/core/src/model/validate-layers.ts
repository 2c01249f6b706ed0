import type { Steps } from '../internal/time-slice.js';
import { type Issues, quote } from '../validation/index.js';
import type { LayerClaim } from './validate-scope.js';

/**
 * Splits that share a layer must claim disjoint ranges, or a unit could be in two experiments that
 * were meant to exclude each other. Ranges are half-open, so [0, 5000] and [5000, 10000] do not
 * overlap. Sorting by start and remembering the claim reaching furthest finds every overlapping
 * claim in O(n log n), naming it and one claim it overlaps. One step per claim compared; each
 * layer's sort is one step too (a few milliseconds for 10,000 claims in one layer, and real
 * layers hold far fewer experiments).
 */
export function* layerOverlapChecks(claims: readonly LayerClaim[], issues: Issues): Steps<void> {
  const byLayer = new Map<string, LayerClaim[]>();
  for (const claim of claims) {
    const list = byLayer.get(claim.key);
    if (list === undefined) byLayer.set(claim.key, [claim]);
    else list.push(claim);
  }
  for (const [key, list] of byLayer) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    yield;
    let furthest: LayerClaim | undefined;
    for (const claim of list) {
      yield;
      if (furthest !== undefined && claim.start < furthest.end) {
        issues.push({
          path: `${claim.path}.range`,
          message:
            `[${claim.start}, ${claim.end}] overlaps [${furthest.start}, ${furthest.end}] at ` +
            `${furthest.path}.range in layer ${quote(key)}; splits in one layer need disjoint ranges`,
        });
      }
      if (furthest === undefined || claim.end > furthest.end) furthest = claim;
    }
  }
}
