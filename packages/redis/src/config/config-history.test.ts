import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigHistory, type StoredIdentity } from './config-history.js';
import { type ConfigHistoryError, isConfigHistoryError } from './config-history-error.js';

interface Stored {
  version: number;
  generation: string | null;
  digest: string | null;
}

interface Case {
  name: string;
  observed: Stored[];
  expected: Array<{ step: string; generation: string | null; reported: string | null }>;
}

const fixture = JSON.parse(readFileSync(new URL('./history-cases.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

const identity = (stored: Stored): StoredIdentity => ({
  version: stored.version,
  generation: stored.generation ?? undefined,
  digest: stored.digest ?? undefined,
});

describe('a store follows the stored configuration from history to history (history-cases.json)', () => {
  for (const testCase of fixture.cases) {
    it(testCase.name, () => {
      const reports: ConfigHistoryError[] = [];
      const history = new ConfigHistory((error) => reports.push(error));
      const got = testCase.observed.map((stored) => {
        const before = reports.length;
        const seen = history.observe(identity(stored));
        return {
          step: seen.step,
          generation: seen.generation ?? null,
          reported: reports.length > before ? (reports.at(-1)?.kind ?? null) : null,
        };
      });
      expect(got).toEqual(testCase.expected);
    });
  }
});

describe('what a step back reports', () => {
  it('a typed error with a stable code, both ends and a message naming the versions', () => {
    const reports: ConfigHistoryError[] = [];
    const history = new ConfigHistory((error) => reports.push(error));
    history.observe({ version: 10, generation: 'g', digest: 'j' });
    history.observe({ version: 9, generation: 'g', digest: 'i' });
    const [report] = reports;
    expect(isConfigHistoryError(report)).toBe(true);
    expect(report).toMatchObject({
      code: 'RAMPKIT_CONFIG_HISTORY_CHANGED',
      name: 'ConfigHistoryError',
      kind: 'rewound',
      from: { version: 10, generation: 'g' },
      to: { version: 9, generation: 'g' },
    });
    expect(report?.message).toContain('went back from version 10 to version 9');
  });
});

describe('the digest a compare-and-set write expects', () => {
  it('is the one read at that version, and only when that version is the one read last', () => {
    const history = new ConfigHistory(() => undefined);
    expect(history.digestOf(0)).toBeUndefined();
    history.observe({ version: 3, generation: 'g', digest: 'c' });
    expect(history.digestOf(3)).toBe('c');
    expect(history.digestOf(2)).toBeUndefined();
    history.observe({ version: 0, generation: undefined, digest: undefined });
    expect(history.digestOf(0)).toBeUndefined();
    history.observe({ version: 3, generation: 'g', digest: 'k' });
    expect(history.digestOf(3)).toBe('k');
  });
});
