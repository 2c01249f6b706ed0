import type { FlagDefinition } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import { mergeFlags, readFlagInput } from './flag-merge.js';

const flag = (key: string, extra: Partial<FlagDefinition> = {}): FlagDefinition => ({
  key,
  variations: { on: true, off: false },
  offVariation: 'off',
  fallthrough: { variation: 'off' },
  ...extra,
});

describe('flags set adds and replaces flags by key', () => {
  it('accepts a whole configuration, one flag, or a list of flags', () => {
    expect(readFlagInput({ flags: [flag('a')] }, 'flags set')).toMatchObject({
      whole: true,
      flags: [{ key: 'a' }],
    });
    expect(readFlagInput(flag('a'), 'flags set')).toMatchObject({ whole: false, flags: [{ key: 'a' }] });
    expect(readFlagInput([flag('a'), flag('b')], 'flags set').flags).toHaveLength(2);
    expect(() => readFlagInput({ name: 'a' }, 'flags set')).toThrow(/expected a configuration/);
  });

  it('keeps other flags in place, bumps the version of a changed flag and leaves an unchanged one alone', () => {
    const current = { flags: [flag('a', { version: 3 }), flag('b'), flag('c')] };
    const input = readFlagInput([flag('b', { enabled: false }), flag('c'), flag('d')], 'flags set');
    const merged = mergeFlags(current, input, false);
    expect(merged).toMatchObject({ added: ['d'], updated: ['b'], unchanged: ['c'], removed: [] });
    expect(merged.config.flags.map((f) => [f.key, f.version])).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', undefined],
      ['d', undefined],
    ]);
  });

  it('with replace, drops every flag the input does not name', () => {
    const merged = mergeFlags(
      { flags: [flag('a'), flag('b')] },
      readFlagInput({ flags: [flag('b')] }, 'x'),
      true,
    );
    expect(merged.removed).toEqual(['a']);
    expect(merged.config.flags.map((f) => f.key)).toEqual(['b']);
  });

  it('names invalid flags by key, not by their index in the merged list', () => {
    const bad = flag('b', { offVariation: 'missing' });
    expect(() => mergeFlags({ flags: [flag('a')] }, readFlagInput(bad, 'x'), false)).toThrow(
      /flags\["b"\]\.offVariation/,
    );
  });
});
