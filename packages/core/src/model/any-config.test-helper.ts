import fc from 'fast-check';
import { flag } from './validate-test-helpers.js';

/* Inputs for properties that must hold for any configuration at all: JSON data, and every kind of
 * value JavaScript has that JSON cannot hold, put where a configuration holds values. */

/** A configuration of one valid flag with `overrides`, and a JSON flag `j` whose `on` value is `value`. */
export function withValue(value: unknown, overrides: Record<string, unknown> = {}) {
  return {
    flags: [flag(overrides), flag({ key: 'j', type: 'json', variations: { on: value, off: null } })],
  };
}

export class Settings {
  color = 'blue';
}

/** JSON data, and every kind of value that is not, nested a few levels deep. */
export const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    }),
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
    fc.constantFrom<unknown>(-0, Number.NaN, undefined, () => 1, Symbol('s'), new Settings(), /x/),
    fc
      // Any name but `length`, which an array has already and would take as its new length.
      .tuple(
        fc.array(tie('value'), { maxLength: 3 }),
        fc.string({ minLength: 1 }).filter((name) => name !== 'length'),
        tie('value'),
      )
      .map(([items, name, extra]) => Object.assign(items, { [name]: extra })),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A valid configuration with `value` put somewhere a value may be: a JSON variation, metadata, a tag… */
export const configWithAnyValue = fc.oneof(
  anyValue.map((value) => withValue(value)),
  anyValue.map((value) => withValue(null, { metadata: { owner: value } })),
  anyValue.map((value) => withValue(null, { tags: ['a', value] })),
  anyValue.map((value) => withValue(null, { description: value })),
  anyValue.map((value) => ({ ...withValue(null), segments: value })),
  anyValue,
);
