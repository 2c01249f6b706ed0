import { describe, expect, it } from 'vitest';
import { flag, issuesOf, onlyIssue, pathsOf } from './validate-test-helpers.js';

describe('rules', () => {
  it('rules is an array of objects with known properties', () => {
    expect(onlyIssue(flag({ rules: {} })).path).toBe('flags[0].rules');
    expect(onlyIssue(flag({ rules: [null] })).path).toBe('flags[0].rules[0]');
    expect(onlyIssue(flag({ rules: [{ variation: 'on', when: [] }] })).path).toBe('flags[0].rules[0].when');
  });

  it('conditions are checked with their paths', () => {
    const rules = [
      {
        variation: 'on',
        conditions: [
          { attribute: 'a', op: 'in', values: ['x'] },
          { attribute: 'a', op: 'like' },
        ],
      },
    ];
    expect(onlyIssue(flag({ rules })).path).toBe('flags[0].rules[0].conditions[1].op');
  });

  it('segments must exist', () => {
    const input = {
      segments: [{ key: 'beta' }],
      flags: [flag({ rules: [{ variation: 'on', segments: ['beta', 'gamma'] }] })],
    };
    expect(issuesOf(input)).toEqual([
      { path: 'flags[0].rules[0].segments[1]', message: 'names no segment of this configuration: "gamma"' },
    ]);
  });

  it('rule ids are unique within a flag', () => {
    expect(
      onlyIssue(
        flag({
          rules: [
            { id: 'a', variation: 'on' },
            { id: 'a', variation: 'off' },
          ],
        }),
      ),
    ).toEqual({
      path: 'flags[0].rules[1].id',
      message: '"a" is already the id of flags[0].rules[0]',
    });
  });
});

describe('segments', () => {
  it('keys are non-empty and unique', () => {
    expect(issuesOf({ flags: [], segments: [{ key: 's' }, { key: '' }, { key: 's' }] })).toEqual([
      { path: 'segments[1].key', message: 'must be a non-empty string, got the string ""' },
      { path: 'segments[2].key', message: 'duplicate segment key "s", first at segments[0]' },
    ]);
  });

  it('included and excluded are string arrays; conditions are checked', () => {
    const segment = {
      key: 's',
      included: ['a', 1],
      excluded: 'b',
      conditions: [{ attribute: 'x', op: 'gt', values: ['1'] }],
    };
    expect(pathsOf({ flags: [], segments: [segment] })).toEqual([
      'segments[0].included[1]',
      'segments[0].excluded',
      'segments[0].conditions[0].values[0]',
    ]);
  });

  it('unknown properties are reported', () => {
    expect(pathsOf({ flags: [], segments: [{ key: 's', rules: [] }, 'x'] })).toEqual([
      'segments[0].rules',
      'segments[1]',
    ]);
  });
});

describe('prerequisites', () => {
  const needs = (key: string, on: string, variations: unknown = ['on']): unknown =>
    flag({ key, prerequisites: [{ flag: on, variations }] });

  it('the flag must exist and not be itself', () => {
    expect(onlyIssue(needs('a', 'ghost'))).toEqual({
      path: 'flags[0].prerequisites[0].flag',
      message: 'names no flag of this configuration: "ghost"',
    });
    expect(onlyIssue(needs('a', 'a'))).toEqual({
      path: 'flags[0].prerequisites[0].flag',
      message: 'a flag cannot be its own prerequisite',
    });
  });

  it('the variations must exist in that flag', () => {
    const other = flag({
      key: 'b',
      variations: { yes: true, no: false },
      offVariation: 'no',
      fallthrough: { variation: 'yes' },
    });
    expect(issuesOf({ flags: [needs('a', 'b', ['yes', 'on']), other] })).toEqual([
      {
        path: 'flags[0].prerequisites[0].variations[1]',
        message: 'flag "b" has no variation "on"; expected one of "yes", "no"',
      },
    ]);
  });

  it('variations is a non-empty array of strings', () => {
    expect(onlyIssue(needs('a', 'b', []), flag({ key: 'b' })).path).toBe(
      'flags[0].prerequisites[0].variations',
    );
    expect(onlyIssue(needs('a', 'b', 'on'), flag({ key: 'b' })).path).toBe(
      'flags[0].prerequisites[0].variations',
    );
  });

  it('cycles are rejected, naming the cycle', () => {
    expect(issuesOf({ flags: [needs('a', 'b'), needs('b', 'c'), needs('c', 'a')] })).toEqual([
      { path: 'flags[2].prerequisites[0].flag', message: 'prerequisite cycle: "a" → "b" → "c" → "a"' },
    ]);
  });

  it('a shared prerequisite (a diamond) is not a cycle', () => {
    const top = flag({
      key: 'top',
      prerequisites: [
        { flag: 'l', variations: ['on'] },
        { flag: 'r', variations: ['on'] },
      ],
    });
    expect(issuesOf({ flags: [top, needs('l', 'base'), needs('r', 'base'), flag({ key: 'base' })] })).toEqual(
      [],
    );
  });

  it('entries have known properties', () => {
    expect(
      onlyIssue(
        flag({ key: 'a', prerequisites: [{ flag: 'b', variations: ['on'], when: 1 }] }),
        flag({ key: 'b' }),
      ).path,
    ).toBe('flags[0].prerequisites[0].when');
  });
});
