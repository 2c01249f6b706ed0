import { describe, expect, it } from 'vitest';
import { flag, issuesOf, onlyIssue, pathsOf } from './validate-test-helpers.js';

describe('hostile input is reported, never trusted', () => {
  it('__proto__ keys are own properties like any other', () => {
    const parsed: unknown = JSON.parse('{"flags": [], "__proto__": {"flags": 1}}');
    expect(pathsOf(parsed)).toEqual(['__proto__']);
  });

  it('inherited properties never count: an object with a prototype of its own is refused', () => {
    expect(issuesOf(Object.create({ flags: [] }))).toEqual([
      { path: '$', message: 'must be a plain object, got an object with a custom prototype' },
    ]);
    expect(issuesOf({ flags: [Object.create(flag())] })).toEqual([
      { path: 'flags[0]', message: 'must be a plain object, got an object with a custom prototype' },
    ]);
  });

  it('a getter is reported, and never run', () => {
    const input = Object.defineProperty({}, 'flags', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(issuesOf(input)).toEqual([
      { path: 'flags', message: 'is an accessor (get/set), not a data property' },
    ]);
  });

  it('a proxy that throws while being read becomes an issue, not a crash', () => {
    const input = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
        ownKeys: () => ['flags'],
      },
    );
    expect(issuesOf(input)).toEqual([{ path: '$', message: 'could not be read: boom' }]);
  });

  it('deeply nested json values stop at a depth limit instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(onlyIssue(flag({ type: 'json', variations: { on: deep, off: 0 } })).message).toContain(
      'nests deeper than',
    );
  });

  it('shared (not cyclic) json values are checked once, so validation stays linear', () => {
    // 2^19 values as JSON writes them, under the limit on that; 40 objects in memory.
    let shared: unknown = { leaf: true };
    for (let i = 0; i < 18; i++) shared = { left: shared, right: shared };
    expect(issuesOf({ flags: [flag({ type: 'json', variations: { on: shared, off: 0 } })] })).toEqual([]);
  });

  it('a long prerequisite chain does not overflow the stack, and its cycle is shown by its ends', () => {
    const count = 20_000;
    const flags = Array.from({ length: count }, (_, i) =>
      flag({ key: `f${i}`, prerequisites: [{ flag: `f${(i + 1) % count}`, variations: ['on'] }] }),
    );
    expect(issuesOf({ flags })).toEqual([
      {
        path: `flags[${count - 1}].prerequisites[0].flag`,
        message:
          'prerequisite cycle: "f0" → "f1" → "f2" → "f3" → … → "f19996" → "f19997" → "f19998" → "f19999" → "f0"',
      },
    ]);
  });

  it('huge strings are cut short in messages', () => {
    const [issue] = issuesOf({ flags: [flag({ offVariation: 'x'.repeat(1_000_000) })] });
    expect(issue?.message.length).toBeLessThan(300);
  });
});
