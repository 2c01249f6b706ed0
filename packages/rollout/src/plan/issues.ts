import { childPath, describeValue, IssueList, type RecordValue } from '@rampkit/core/validation';
import { type Duration, durationMs } from '../duration.js';

export type PlainObject = RecordValue;

/**
 * Collects every problem of a plan with the path of the offending field, so one error lists them
 * all: core's shape readers (`@rampkit/core/validation`) and the ones only plans need.
 */
export class Issues extends IssueList {
  /** A canary share in percent: 0..100 with at most two decimals (basis points). */
  percent(value: unknown, path: string, options: { allowZero: boolean }): number | undefined {
    const percent = this.number(value, path, { min: 0, max: 100, minExclusive: !options.allowZero });
    if (percent === undefined) return undefined;
    if (Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-9) {
      this.add(path, `must have at most two decimals (weights are basis points), got ${percent}`);
      return undefined;
    }
    return percent;
  }

  duration(value: unknown, path: string, options: { positive: boolean }): number | undefined {
    const result = durationMs(value as Duration);
    if (typeof result !== 'number') {
      this.add(path, result.error);
      return undefined;
    }
    if (options.positive && result === 0) {
      this.add(path, 'must be longer than zero');
      return undefined;
    }
    return result;
  }

  url(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    try {
      const url = new URL(text);
      if (url.protocol === 'http:' || url.protocol === 'https:') return text;
    } catch {
      // Reported below with the same message as a non-HTTP URL.
    }
    this.add(path, `must be an http(s) URL, got ${describeValue(text)}`);
    return undefined;
  }

  headers(value: unknown, path: string): Record<string, string> {
    if (value === undefined) return {};
    const record = this.object(value, path);
    if (record === undefined) return {};
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(record)) {
      if (typeof header === 'string') headers[name] = header;
      else this.add(childPath(path, name), `must be a string, got ${describeValue(header)}`);
    }
    return headers;
  }
}
