import { describe, expect, it } from 'vitest';
import type { FlagDefinition, FlagsConfig } from '../model/types.js';
import {
  diffConfigs,
  MAX_CHANGES_PER_ENTRY,
  MAX_FIELDS_PER_ENTRY,
  MAX_VALUE_CHARS,
  UNBOUNDED_DIFF,
} from './flag-diff.js';

function flag(key: string, extra: Partial<FlagDefinition> = {}): FlagDefinition {
  return {
    key,
    variations: { on: true, off: false },
    offVariation: 'off',
    fallthrough: { variation: 'on' },
    ...extra,
  };
}

const config = (...flags: FlagDefinition[]): FlagsConfig => ({ flags });

describe('a per-flag diff of two configurations', () => {
  it('the same data is no change, whatever the order of keys', () => {
    const a = flag('a', { enabled: true, description: 'x' });
    const b = { description: 'x', ...flag('a'), enabled: true };
    expect(diffConfigs(config(a), config(b))).toEqual({ changes: [], omittedChanges: 0 });
  });

  it('everything in the first configuration is added', () => {
    expect(diffConfigs(undefined, config(flag('b'), flag('a'))).changes).toEqual([
      { kind: 'flag', key: 'a', change: 'added' },
      { kind: 'flag', key: 'b', change: 'added' },
    ]);
  });

  it('names a split weight by its path, and a field that appears or goes with one side only', () => {
    const split = (canary: number) => ({
      split: {
        weights: [
          { variation: 'on', weight: canary },
          { variation: 'off', weight: 10_000 - canary },
        ],
      },
    });
    const before = flag('a', { fallthrough: split(500), description: 'old' });
    const after = flag('a', { fallthrough: split(2_500), track: true });
    expect(diffConfigs(config(before), config(after)).changes).toEqual([
      {
        kind: 'flag',
        key: 'a',
        change: 'changed',
        fields: [
          { path: 'description', before: 'old' },
          { path: 'fallthrough.split.weights[0].weight', before: 500, after: 2_500 },
          { path: 'fallthrough.split.weights[1].weight', before: 9_500, after: 7_500 },
          { path: 'track', after: true },
        ],
      },
    ]);
  });

  it('diffs segments apart from flags', () => {
    const before: FlagsConfig = { flags: [], segments: [{ key: 's', conditions: [] }] };
    const after: FlagsConfig = { flags: [] };
    expect(diffConfigs(before, after).changes).toEqual([{ kind: 'segment', key: 's', change: 'removed' }]);
  });

  describe('is bounded, so an entry stays small whatever the write', () => {
    it(`lists at most ${MAX_CHANGES_PER_ENTRY} flags and counts the rest`, () => {
      const many = Array.from({ length: MAX_CHANGES_PER_ENTRY + 7 }, (_, i) => flag(`f${i}`));
      const diff = diffConfigs(config(), config(...many));
      expect(diff.changes).toHaveLength(MAX_CHANGES_PER_ENTRY);
      expect(diff.omittedChanges).toBe(7);
    });

    it(`lists at most ${MAX_FIELDS_PER_ENTRY} fields across the entry and counts the rest per flag`, () => {
      const wide = (value: string) =>
        flag('a', {
          variations: Object.fromEntries(
            Array.from({ length: MAX_FIELDS_PER_ENTRY + 3 }, (_, i) => [`v${i}`, value]),
          ),
          offVariation: 'v0',
          fallthrough: { variation: 'v0' },
        });
      const [change] = diffConfigs(config(wide('x')), config(wide('y'))).changes;
      expect(change!.fields).toHaveLength(MAX_FIELDS_PER_ENTRY);
      expect(change!.omittedFields).toBe(3);
    });

    it(`keeps a value longer than ${MAX_VALUE_CHARS} characters as JSON as a description`, () => {
      const long = 'x'.repeat(MAX_VALUE_CHARS);
      const [change] = diffConfigs(config(flag('a')), config(flag('a', { description: long }))).changes;
      expect(change!.fields).toEqual([
        { path: 'description', after: `(string of ${MAX_VALUE_CHARS + 2} characters)` },
      ]);
    });
  });

  describe('whole, for comparing two environments', () => {
    it('lists every flag, every field and every value in full', () => {
      const many = Array.from({ length: MAX_CHANGES_PER_ENTRY + 7 }, (_, i) => flag(`f${i}`));
      expect(diffConfigs(config(), config(...many), UNBOUNDED_DIFF).changes).toHaveLength(
        MAX_CHANGES_PER_ENTRY + 7,
      );
      const long = 'x'.repeat(MAX_VALUE_CHARS * 3);
      const [change] = diffConfigs(
        config(flag('a')),
        config(flag('a', { description: long })),
        UNBOUNDED_DIFF,
      ).changes;
      expect(change!.fields).toEqual([{ path: 'description', after: long }]);
    });

    it('leaves out the top-level fields it is told to ignore, and only those', () => {
      const before = config(flag('a', { version: 3, metadata: { version: 1 } }));
      const after = config(flag('a', { version: 9, metadata: { version: 2 } }));
      const [change] = diffConfigs(before, after, { ignoreFields: ['version'] }).changes;
      expect(change!.fields).toEqual([{ path: 'metadata.version', before: 1, after: 2 }]);
      const same = config(flag('a', { version: 9 }));
      expect(diffConfigs(config(flag('a', { version: 3 })), same, { ignoreFields: ['version'] })).toEqual({
        changes: [],
        omittedChanges: 0,
      });
    });
  });
});
