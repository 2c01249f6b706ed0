import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition, EvaluationContext, Operator } from '../model/types.js';
import { compileCondition } from './compile.js';
import { OPERAND_KINDS, OPERATORS, type OperandKind } from './operators.js';

const operands: Record<OperandKind, fc.Arbitrary<Array<string | number>>> = {
  text: fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 4 }),
  string: fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
  number: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 4 }),
  semver: fc.array(fc.constantFrom('1.0.0', '2.1.0-rc.1', 'v3', '0.0.1+b'), { minLength: 1, maxLength: 3 }),
  date: fc.array(fc.oneof(fc.constantFrom('2025-01-01', '2025-06-01T12:00:00+02:00'), fc.integer()), {
    minLength: 1,
    maxLength: 3,
  }),
  cidr: fc.array(fc.constantFrom('10.0.0.0/8', '::/0', '2001:db8::/32', '192.168.1.1'), {
    minLength: 1,
    maxLength: 3,
  }),
  none: fc.constant([]),
};

const conditionArb: fc.Arbitrary<Condition> = fc.constantFrom(...OPERATORS).chain((op: Operator) =>
  fc.record({
    attribute: fc.constantFrom('a', 'b'),
    op: fc.constant(op),
    values: operands[OPERAND_KINDS[op]],
    negate: fc.boolean(),
    caseInsensitive: fc.boolean(),
  }),
);

/** Context values a caller might pass, well-typed or not. */
const valueArb = fc.oneof(
  fc.string(),
  fc.constantFrom('10.1.2.3', '::ffff:10.0.0.1', '1.0.0', '2.1.0-rc.2', '2025-03-01', '42', '-0.5e3', ''),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.oneof(fc.string(), fc.constantFrom('10.9.9.9', '1.0.0', '7')), { maxLength: 4 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.anything(),
);

const contextArb = fc.record(
  { a: valueArb, b: valueArb },
  { requiredKeys: [] },
) as fc.Arbitrary<EvaluationContext>;

describe('a compiled condition never throws, whatever the context holds', () => {
  it('returns a boolean for arbitrary conditions and contexts', () => {
    fc.assert(
      fc.property(conditionArb, contextArb, (condition, context) => {
        expect(typeof compileCondition(condition)(context)).toBe('boolean');
      }),
      { numRuns: 800 },
    );
  });

  it('survives hostile contexts: proxies, throwing getters, null, odd prototypes', () => {
    const throwingProxy = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
      },
    );
    const throwingGetter = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    class EvilDate extends Date {
      override getTime(): number {
        throw new Error('boom');
      }
    }
    const evilList = new Proxy(['x'], {
      get() {
        throw new Error('boom');
      },
    });
    const contexts: unknown[] = [
      throwingProxy,
      throwingGetter,
      null,
      undefined,
      42,
      'text',
      Object.create(null),
      Object.create({ a: 'inherited' }),
      { a: new EvilDate() },
      { a: evilList },
      { a: { toString: () => 'a', valueOf: () => 1 } },
      { a: [null, undefined, {}, [], Number.NaN] },
      { a: 'x'.repeat(1_000_000) },
      { a: Symbol('s') },
      { a: 10n },
      { a: () => 'a' },
    ];
    for (const op of OPERATORS) {
      const values = {
        text: ['a'],
        string: ['a'],
        number: [1],
        semver: ['1.0.0'],
        date: [0],
        cidr: ['::/0'],
        none: [],
      }[OPERAND_KINDS[op]];
      for (const negate of [false, true]) {
        const predicate = compileCondition({ attribute: 'a', op, values, negate, caseInsensitive: true });
        for (const context of contexts) {
          expect(typeof predicate(context as EvaluationContext)).toBe('boolean');
        }
      }
    }
  });

  it('reads an attribute of an exotic context as missing when reading it throws', () => {
    const throwing = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }) as EvaluationContext;
    expect(compileCondition({ attribute: 'a', op: 'exists' })(throwing)).toBe(false);
    expect(compileCondition({ attribute: 'a', op: 'exists', negate: true })(throwing)).toBe(true);
    expect(compileCondition({ attribute: 'a', op: 'notIn', values: ['x'] })(throwing)).toBe(true);
  });
});

describe('condition semantics hold for every operator', () => {
  it('negate inverts the result', () => {
    fc.assert(
      fc.property(conditionArb, contextArb, (condition, context) => {
        const flipped = { ...condition, negate: condition.negate !== true };
        expect(compileCondition(flipped)(context)).toBe(!compileCondition(condition)(context));
      }),
      { numRuns: 500 },
    );
  });

  it('notIn is in inverted', () => {
    fc.assert(
      fc.property(conditionArb, contextArb, (condition, context) => {
        const asIn = compileCondition({ ...condition, op: 'in', values: ['x', 1] })(context);
        const asNotIn = compileCondition({ ...condition, op: 'notIn', values: ['x', 1] })(context);
        expect(asNotIn).toBe(!asIn);
      }),
    );
  });

  it('a missing attribute makes the operator false (notIn, being in inverted, true)', () => {
    fc.assert(
      fc.property(conditionArb, (condition) => {
        const expected = (condition.negate === true) !== (condition.op === 'notIn');
        expect(compileCondition(condition)({})).toBe(expected);
      }),
    );
  });

  it('a list holds when any element does', () => {
    fc.assert(
      fc.property(
        conditionArb.filter((c) => c.op !== 'notIn'),
        fc.array(
          valueArb.filter((v) => !Array.isArray(v)),
          { maxLength: 4 },
        ),
        (condition, list) => {
          const plain = { ...condition, negate: false };
          const anyElement = list.some((element) =>
            compileCondition(plain)({ a: element, b: element } as EvaluationContext),
          );
          expect(compileCondition(plain)({ a: list, b: list } as EvaluationContext)).toBe(anyElement);
        },
      ),
      { numRuns: 500 },
    );
  });
});
