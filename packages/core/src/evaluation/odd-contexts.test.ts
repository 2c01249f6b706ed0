import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition, FlagsConfig, Operator } from '../model/types.js';
import { compileConfig } from './compile.js';
import { evaluateFlag } from './evaluate.js';

const operands: Record<Operator, Array<string | number>> = {
  in: ['a', 1],
  notIn: ['b'],
  contains: ['x'],
  startsWith: ['pre'],
  endsWith: ['post'],
  eq: [1],
  lt: [10],
  lte: [10],
  gt: [0],
  gte: [0],
  semverEq: ['1.2.3'],
  semverLt: ['2.0.0'],
  semverLte: ['2.0.0'],
  semverGt: ['1.0.0'],
  semverGte: ['1.0.0'],
  before: ['2030-01-01T00:00:00Z'],
  after: ['2020-01-01T00:00:00Z'],
  exists: [],
  cidr: ['10.0.0.0/8', '2001:db8::/32'],
};
const attributes = ['targetingKey', 'attr', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const conditions: Condition[] = attributes.flatMap((attribute) =>
  (Object.keys(operands) as Operator[]).map((op) => ({
    attribute,
    op,
    values: operands[op],
    caseInsensitive: true,
  })),
);

const config: FlagsConfig = {
  segments: [{ key: 'seg', unitAttribute: '__proto__', included: ['x'], conditions: conditions.slice(0, 5) }],
  flags: [
    {
      key: 'odd',
      variations: { a: 'A', b: 'B', c: 'C' },
      offVariation: 'a',
      bucketBy: 'constructor',
      prerequisites: [{ flag: 'base', variations: ['on'] }],
      rules: [
        ...conditions.map((condition) => ({
          conditions: [condition, { ...condition, negate: true }],
          variation: 'b',
        })),
        { segments: ['seg'], variation: 'c' },
        {
          conditions: [{ attribute: 'attr', op: 'exists' as const }],
          split: {
            weights: [
              { variation: 'b', weight: 5000 },
              { variation: 'c', weight: 5000 },
            ],
            coverage: 5000,
            bucketBy: '__proto__',
            layer: { key: 'layer', range: [0, 5000] as [number, number] },
          },
        },
      ],
      fallthrough: {
        split: {
          weights: [
            { variation: 'b', weight: 5000 },
            { variation: 'c', weight: 5000 },
          ],
        },
      },
    },
    {
      key: 'base',
      variations: { on: true, off: false },
      offVariation: 'off',
      bucketBy: 'attr',
      fallthrough: { variation: 'on' },
    },
  ],
};
const compiled = compileConfig(config);

const oddKey = fc.constantFrom(...attributes, 'valueOf', '', 'a'.repeat(10_000));
const oddValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    'x'.repeat(100_000),
    new Date(Number.NaN),
    new Date(0),
  ),
  fc.array(fc.oneof(fc.string(), fc.double(), fc.constant(null))),
);
const oddContext = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.oneof(oddKey, fc.string()), oddValue),
  fc.dictionary(oddKey, oddValue).map((entries) => Object.assign(Object.create(null), entries)),
);

describe('odd contexts never throw', () => {
  it('any context yields a result with a flag value or the caller default', () => {
    fc.assert(
      fc.property(oddContext, (context) => {
        const result = evaluateFlag(compiled, 'odd', context, 'fallback');
        expect(['A', 'B', 'C', 'fallback']).toContain(result.value);
        if (result.reason === 'ERROR') expect(result.errorCode).toBeDefined();
        else expect(result.variation).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('a context whose own properties throw when read yields GENERAL, not an exception', () => {
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(evaluateFlag(compiled, 'odd', hostile, 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
    });
  });
});
