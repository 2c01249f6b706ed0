import { readAnalysisSettings } from '../analysis/settings.js';
import type { AnalysisSettings } from '../analysis/types.js';
import type { Issues, PlainObject } from './issues.js';

/** Fields of a plan's `analysis` block that belong to the controller, not to the judge. */
export const CONTROLLER_ANALYSIS_KEYS = ['interval', 'staleAfter', 'noData', 'source'];

/**
 * A step's overrides laid over the plan's analysis: nested settings (`compareErrorRate`,
 * `compareLatency`, `maxLatencyMs`) merge field by field, lists (`critical`) replace.
 */
export function mergeAnalysis(base: PlainObject, override: PlainObject): PlainObject {
  const merged: PlainObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const previous = merged[key];
    merged[key] = isPlainObject(previous) && isPlainObject(value) ? { ...previous, ...value } : value;
  }
  return merged;
}

/** The judge's settings with its defaults, or undefined with the judge's complaints added as issues. */
export function resolveAnalysis(
  partial: PlainObject,
  path: string,
  issues: Issues,
): AnalysisSettings | undefined {
  const read = readAnalysisSettings(partial, path);
  for (const issue of read.issues) issues.add(issue.path, issue.message);
  return read.issues.length === 0 ? read.settings : undefined;
}

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
