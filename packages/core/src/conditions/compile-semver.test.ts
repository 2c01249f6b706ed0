import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext } from '../model/types.js';
import { compileCondition } from './compile.js';

const holds = (condition: Condition, context: EvaluationContext): boolean =>
  compileCondition(condition)(context);
const app = (op: Condition['op'], values: string[], negate = false): Condition => ({
  attribute: 'appVersion',
  op,
  values,
  negate,
});

describe('semver operators compare by semver precedence', () => {
  it.each([
    ['semverEq', '2.1.0', true],
    ['semverEq', '2.1.1', false],
    ['semverLt', '2.0.9', true],
    ['semverLt', '2.1.0', false],
    ['semverLt', '2.1.0-rc.1', true],
    ['semverLte', '2.1.0', true],
    ['semverLte', '2.1.1', false],
    ['semverGt', '2.10.0', true],
    ['semverGt', '2.1.0', false],
    ['semverGt', '2.1.0-rc.1', false],
    ['semverGte', '2.1.0', true],
    ['semverGte', '2.0.99', false],
  ] as const)('%s 2.1.0 with version %s is %s', (op, version, expected) => {
    expect(holds(app(op, ['2.1.0']), { appVersion: version })).toBe(expected);
    expect(holds(app(op, ['2.1.0'], true), { appVersion: version })).toBe(!expected);
  });

  it('orders pre-releases as the spec does', () => {
    expect(holds(app('semverLt', ['1.0.0-beta.11']), { appVersion: '1.0.0-beta.2' })).toBe(true);
    expect(holds(app('semverLt', ['1.0.0-alpha.beta']), { appVersion: '1.0.0-alpha.1' })).toBe(true);
    expect(holds(app('semverGt', ['1.0.0-rc.1']), { appVersion: '1.0.0' })).toBe(true);
  });

  it('ignores build metadata and accepts a leading v on either side', () => {
    expect(holds(app('semverEq', ['v1.2.3+build.7']), { appVersion: '1.2.3+other' })).toBe(true);
    expect(holds(app('semverEq', ['1.2.3']), { appVersion: 'v1.2.3' })).toBe(true);
    expect(holds(app('semverEq', ['1.2.3-rc.1']), { appVersion: '1.2.3' })).toBe(false);
  });

  it('reads a short version as padded with zeros', () => {
    expect(holds(app('semverEq', ['2.0.0']), { appVersion: '2' })).toBe(true);
    expect(holds(app('semverGte', ['2.1']), { appVersion: '2.1.0' })).toBe(true);
  });

  it('holds against any of several values', () => {
    expect(holds(app('semverEq', ['1.0.0', '2.0.0']), { appVersion: '2.0.0' })).toBe(true);
    expect(holds(app('semverLt', ['1.0.0', '3.0.0']), { appVersion: '2.0.0' })).toBe(true);
    expect(holds(app('semverGt', ['1.0.0', '3.0.0']), { appVersion: '2.0.0' })).toBe(true);
    expect(holds(app('semverGt', ['3.0.0', '4.0.0']), { appVersion: '2.0.0' })).toBe(false);
  });

  it('is false for an invalid context version, whatever the operator', () => {
    for (const op of ['semverEq', 'semverLt', 'semverLte', 'semverGt', 'semverGte'] as const) {
      for (const version of ['latest', '1.2.3.4', '01.2.3', '', 'v', `1.${'9'.repeat(500)}.0`]) {
        expect(holds(app(op, ['1.0.0']), { appVersion: version })).toBe(false);
      }
      expect(holds(app(op, ['1.0.0']), { appVersion: 1 })).toBe(false);
    }
  });

  it('is false for a missing attribute and true when negated', () => {
    expect(holds(app('semverGte', ['1.0.0']), {})).toBe(false);
    expect(holds(app('semverGte', ['1.0.0'], true), {})).toBe(true);
  });

  it('holds for a list attribute when any element does', () => {
    const condition: Condition = { attribute: 'sdks', op: 'semverGte', values: ['3.0.0'] };
    expect(holds(condition, { sdks: ['2.9.0', 'junk', '3.1.0'] })).toBe(true);
    expect(holds(condition, { sdks: ['2.9.0', 'junk'] })).toBe(false);
  });
});
