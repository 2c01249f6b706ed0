import type { LayerClaim } from './validate-scope.js';
import { type Issues, quote } from './validate-shape.js';

/**
 * Splits that share a layer must claim disjoint ranges, or a unit could be in two experiments that
 * were meant to exclude each other. Ranges are half-open, so [0, 5000] and [5000, 10000] do not
 * overlap. Sorting by start and remembering the claim reaching furthest finds every overlapping
 * claim in O(n log n), naming it and one claim it overlaps.
 */
export function checkLayerOverlaps(claims: readonly LayerClaim[], issues: Issues): void {
  const byLayer = new Map<string, LayerClaim[]>();
  for (const claim of claims) {
    const list = byLayer.get(claim.key);
    if (list === undefined) byLayer.set(claim.key, [claim]);
    else list.push(claim);
  }
  for (const [key, list] of byLayer) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let furthest: LayerClaim | undefined;
    for (const claim of list) {
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
