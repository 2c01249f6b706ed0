import { childPath, describeValue, expectRecord, type Issues } from '../validation/index.js';

/**
 * Checks a flag's `metadata`: an object whose values are strings, finite numbers or booleans, the
 * value types OpenFeature's flag metadata admits. Any key is allowed: the names are the owner's.
 */
export function checkMetadata(metadata: unknown, path: string, issues: Issues): void {
  if (!expectRecord(metadata, path, issues)) return;
  for (const key of Object.keys(metadata)) {
    const value = metadata[key];
    const at = childPath(path, key);
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        issues.push({ path: at, message: `must be a finite number, got ${value}` });
    } else if (typeof value !== 'string' && typeof value !== 'boolean') {
      issues.push({ path: at, message: `must be a string, number or boolean, got ${describeValue(value)}` });
    }
  }
}
