/** A canary weight for people: `5%`, `12.5%` (weights are percent with at most two decimals). */
export function formatWeight(weight: number): string {
  return `${weight}%`;
}
