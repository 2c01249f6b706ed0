import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largeConfig } from '../../internal/large-config.test-helper.js';
import { runSteps } from '../../internal/time-slice.js';
import { formatJsonSteps } from './format-json.js';
import { sameDataSteps } from './same-data.js';

/** The text formatJsonSteps emits, joined. */
function formatted(value: unknown): string {
  const parts: string[] = [];
  runSteps(formatJsonSteps(value, (part) => parts.push(part)));
  return parts.join('');
}

describe("FileStore's text, built a flag at a time, is JSON.stringify's with two-space indent", () => {
  it('for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(formatted(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 1000 },
    );
  });

  it('for a configuration of 1,000 flags', () => {
    const config = largeConfig(1000);
    expect(formatted(config)).toBe(`${JSON.stringify(config, null, 2)}\n`);
  });
});

describe('two configurations hold the same data whatever the order of their keys', () => {
  it('equal data, and data changed anywhere, are told apart (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 5 }), (a, b) => {
        const same = JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
        expect(runSteps(sameDataSteps(a, b))).toBe(same);
        expect(runSteps(sameDataSteps(a, JSON.parse(JSON.stringify(a))))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('keys in another order are the same configuration; one value changed is not', () => {
    const config = largeConfig(200);
    const reordered = JSON.parse(
      JSON.stringify(config, (_key, value) => (isRecord(value) ? reverse(value) : value)),
    );
    expect(runSteps(sameDataSteps(config, reordered))).toBe(true);
    const changed = JSON.parse(JSON.stringify(config));
    changed.flags[150].rules[0].conditions[0].values[0] = 'other';
    expect(runSteps(sameDataSteps(config, changed))).toBe(false);
  });
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reverse(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).reverse());
}

/** The data with every object's keys sorted: equal for data that is the same whatever the key order. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (isRecord(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted(value[key])]),
    );
  return value;
}
