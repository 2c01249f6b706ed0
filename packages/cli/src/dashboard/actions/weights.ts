/**
 * The weights of the split form (`weight:<variation>` in percent, two decimals at most) in basis
 * points. Whether they add up to 100% is the store's validation, the same as for `flags set`.
 * @returns the weights by variation, or a sentence naming the field that is wrong
 */
export function parseWeights(body: Record<string, unknown>): Map<string, number> | string {
  const weights = new Map<string, number>();
  for (const [field, value] of Object.entries(body)) {
    if (!field.startsWith('weight:')) continue;
    const variation = field.slice('weight:'.length);
    const text = typeof value === 'string' ? value.trim() : '';
    const percent = Number(text);
    if (text === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      return `the weight of ${variation} must be a percentage from 0 to 100, got ${JSON.stringify(value)}`;
    }
    const basisPoints = Math.round(percent * 100);
    if (Math.abs(basisPoints - percent * 100) > 1e-6) {
      return `the weight of ${variation} has more than two decimals: ${text}`;
    }
    weights.set(variation, basisPoints);
  }
  if (weights.size === 0) return 'the form carries no weights';
  return weights;
}
