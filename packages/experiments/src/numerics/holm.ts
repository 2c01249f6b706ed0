/**
 * Holm's step-down adjusted p-values (Holm, "A simple sequentially rejective multiple test procedure",
 * Scand. J. Statist. 6, 1979): sorted ascending, p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)).
 * Rejecting every hypothesis with p̃ ≤ α controls the chance of any false rejection among the m at α,
 * for any dependence between the tests, and rejects everything Bonferroni (p ≤ α/m) rejects.
 * Returned in the order given.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
