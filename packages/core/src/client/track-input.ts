/** Metric keys as experiments name them: 1 to 128 letters, digits, '.', '_', ':' or '-'. */
const METRIC_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Keys already checked, so the common case skips the pattern; bounded, since keys come from code. */
const knownKeys = new Set<string>();
const MAX_KNOWN_KEYS = 1_000;

/** What is wrong with the arguments of `track`, or undefined when nothing is. */
export function checkTrack(metricKey: unknown, context: unknown, value: unknown): string | undefined {
  if (typeof metricKey !== 'string' || !knownKeys.has(metricKey)) {
    if (typeof metricKey !== 'string' || !METRIC_KEY.test(metricKey)) {
      return `metricKey must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit, got ${describe(metricKey)}`;
    }
    if (knownKeys.size < MAX_KNOWN_KEYS) knownKeys.add(metricKey);
  }
  if (typeof context !== 'object' || context === null) {
    return `context of metric "${metricKey}" must be an object, got ${describe(context)}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `value of metric "${metricKey}" must be a finite number, got ${describe(value)}`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}
