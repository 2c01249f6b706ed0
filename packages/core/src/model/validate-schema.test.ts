import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONDITION_KEYS } from '../conditions/check.js';
import { OPERATORS } from '../conditions/operators.js';
import { InvalidConfigError } from '../errors/errors.js';
import { validateConfig } from './validate.js';
import {
  CONFIG_KEYS,
  FLAG_KEYS,
  FLAG_KINDS,
  FLAG_TYPES,
  LAYER_KEYS,
  PREREQUISITE_KEYS,
  RULE_KEYS,
  SEGMENT_KEYS,
  SERVE_KEYS,
  SPLIT_KEYS,
  WEIGHT_KEYS,
} from './validate-keys.js';

/*
 * The JSON Schema (for editors) and the docs describe the same format as validateConfig. These
 * tests keep the three in step, with a small interpreter for the schema keywords the file uses
 * rather than a schema library.
 */

type Schema = { [keyword: string]: unknown };

const schema = JSON.parse(
  readFileSync(new URL('../../schema/flags.schema.json', import.meta.url), 'utf8'),
) as Schema;
const doc = readFileSync(new URL('../../../../docs/flag-file-format.md', import.meta.url), 'utf8');
const defs = schema.$defs as Record<string, Schema>;

/** The validator's property list for each object the schema defines (`config` is the root). */
const VALIDATOR_KEYS: Record<string, readonly string[]> = {
  config: CONFIG_KEYS,
  flag: FLAG_KEYS,
  serve: SERVE_KEYS,
  rule: RULE_KEYS,
  split: SPLIT_KEYS,
  weight: WEIGHT_KEYS,
  layer: LAYER_KEYS,
  prerequisite: PREREQUISITE_KEYS,
  segment: SEGMENT_KEYS,
  condition: CONDITION_KEYS,
};

function objectSchema(name: string): Schema {
  return name === 'config' ? schema : (defs[name] as Schema);
}

function propertiesOf(name: string): Record<string, Schema> {
  return objectSchema(name).properties as Record<string, Schema>;
}

/** Where each object kind was first met in a document, and which properties it used. */
interface Walk {
  errors: string[];
  seen: Map<string, Set<string>>;
  firstAt: Map<string, Array<string | number>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** Checks `value` against `node` for the keywords flags.schema.json uses; unknown keywords fail loudly. */
function check(node: Schema, value: unknown, at: Array<string | number>, walk: Walk, def?: string): void {
  const fail = (message: string): void => {
    walk.errors.push(`${at.join('.') || '$'}: ${message}`);
  };
  const passes = (sub: Schema): boolean => {
    const trial: Walk = { errors: [], seen: new Map(), firstAt: new Map() };
    check(sub, value, at, trial);
    return trial.errors.length === 0;
  };
  if (def !== undefined && isObject(value) && !walk.firstAt.has(def)) walk.firstAt.set(def, at);

  for (const [keyword, argument] of Object.entries(node)) {
    switch (keyword) {
      case '$schema':
      case 'title':
      case 'description':
      case 'markdownDescription':
      case 'default':
      case '$defs':
      case 'then':
        break;
      case '$ref': {
        const name = String(argument).replace('#/$defs/', '');
        const target = defs[name];
        if (target === undefined) fail(`unresolved $ref ${String(argument)}`);
        else check(target, value, at, walk, name);
        break;
      }
      case 'type': {
        const types = Array.isArray(argument) ? (argument as string[]) : [argument as string];
        if (!types.some((type) => typeMatches(type, value))) fail(`expected ${types.join('|')}`);
        break;
      }
      case 'enum':
        if (!(argument as unknown[]).includes(value)) fail(`not in enum: ${JSON.stringify(value)}`);
        break;
      case 'const':
        if (value !== argument) fail(`not ${JSON.stringify(argument)}`);
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (argument as number)) fail(`below ${argument}`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > (argument as number)) fail(`above ${argument}`);
        break;
      case 'minLength':
        if (typeof value === 'string' && value.length < (argument as number)) fail('too short');
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < (argument as number)) fail('too few items');
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > (argument as number)) fail('too many items');
        break;
      case 'items':
        if (Array.isArray(value)) {
          const start = Array.isArray(node.prefixItems) ? node.prefixItems.length : 0;
          for (let i = start; i < value.length; i++) check(argument as Schema, value[i], [...at, i], walk);
        }
        break;
      case 'prefixItems':
        if (Array.isArray(value)) {
          (argument as Schema[]).forEach((sub, i) => {
            if (i < value.length) check(sub, value[i], [...at, i], walk);
          });
        }
        break;
      case 'required':
        if (isObject(value)) {
          for (const key of argument as string[]) if (!Object.hasOwn(value, key)) fail(`missing ${key}`);
        }
        break;
      case 'minProperties':
        if (isObject(value) && Object.keys(value).length < (argument as number)) fail('too few properties');
        break;
      case 'propertyNames':
        if (isObject(value))
          for (const key of Object.keys(value)) check(argument as Schema, key, [...at, key], walk);
        break;
      case 'properties':
        if (isObject(value)) {
          const properties = argument as Record<string, Schema>;
          for (const key of Object.keys(value)) {
            const sub = properties[key];
            if (sub === undefined) continue;
            if (def !== undefined) {
              const seen = walk.seen.get(def) ?? new Set<string>();
              seen.add(key);
              walk.seen.set(def, seen);
            }
            check(sub, value[key], [...at, key], walk);
          }
        }
        break;
      case 'additionalProperties':
        if (isObject(value)) {
          const known = Object.keys((node.properties as Record<string, unknown> | undefined) ?? {});
          for (const key of Object.keys(value)) {
            if (known.includes(key)) continue;
            if (argument === false) fail(`unknown property ${key}`);
            else check(argument as Schema, value[key], [...at, key], walk);
          }
        }
        break;
      case 'oneOf': {
        const matching = (argument as Schema[]).filter(passes).length;
        if (matching !== 1) fail(`matches ${matching} of oneOf`);
        break;
      }
      case 'not':
        if (passes(argument as Schema)) fail('matches a "not" schema');
        break;
      case 'if':
        if (passes(argument as Schema) && node.then !== undefined)
          check(node.then as Schema, value, at, walk);
        break;
      default:
        throw new Error(`the test interpreter does not know the keyword ${keyword}; teach it`);
    }
  }
}

function checkAgainstSchema(value: unknown): Walk {
  const walk: Walk = { errors: [], seen: new Map(), firstAt: new Map() };
  check(schema, value, [], walk, 'config');
  return walk;
}

/** The code block that follows `heading` in the docs. */
function docBlock(heading: string, language: string): string {
  const start = doc.indexOf(heading);
  if (start === -1) throw new Error(`the docs lost their section "${heading}"`);
  const open = doc.indexOf(`\`\`\`${language}\n`, start);
  const close = doc.indexOf('\n```', open + 1);
  return doc.slice(open + language.length + 4, close);
}

const example = (): unknown => JSON.parse(docBlock('## A complete example', 'json'));

describe('the JSON Schema is in step with the validator', () => {
  it('is a draft 2020-12 schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('lists exactly the operators the validator knows, in the same order', () => {
    expect(propertiesOf('condition').op?.enum).toEqual([...OPERATORS]);
  });

  it('lists exactly the flag types and kinds the validator knows', () => {
    expect(propertiesOf('flag').type?.enum).toEqual([...FLAG_TYPES]);
    expect(propertiesOf('flag').kind?.enum).toEqual([...FLAG_KINDS]);
  });

  it.each(Object.keys(VALIDATOR_KEYS))(
    '%s: the schema and the validator allow the same properties',
    (name) => {
      expect(Object.keys(propertiesOf(name)).sort()).toEqual([...(VALIDATOR_KEYS[name] ?? [])].sort());
      expect(objectSchema(name).additionalProperties).toBe(false);
    },
  );

  it('defines no object the validator does not know', () => {
    expect(Object.keys(defs).sort()).toEqual(
      Object.keys(VALIDATOR_KEYS)
        .filter((name) => name !== 'config')
        .sort(),
    );
  });

  it('documents every property, and the file itself, with description and markdownDescription', () => {
    const undocumented: string[] = [];
    const documented = (node: Schema | undefined): boolean =>
      typeof node?.description === 'string' && typeof node.markdownDescription === 'string';
    if (!documented(schema)) undocumented.push('$');
    for (const name of Object.keys(VALIDATOR_KEYS)) {
      if (!documented(objectSchema(name))) undocumented.push(name);
      for (const [key, property] of Object.entries(propertiesOf(name))) {
        if (!documented(property)) undocumented.push(`${name}.${key}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});

describe('the docs example is valid and covers the format', () => {
  it('passes validateConfig', () => {
    expect(() => validateConfig(example(), 'docs/flag-file-format.md')).not.toThrow();
  });

  it('passes the JSON Schema', () => {
    expect(checkAgainstSchema(example()).errors).toEqual([]);
  });

  it('uses every property the schema defines, so each is shown accepted by the validator', () => {
    const { seen } = checkAgainstSchema(example());
    for (const name of Object.keys(VALIDATOR_KEYS)) {
      expect([...(seen.get(name) ?? [])].sort(), name).toEqual(Object.keys(propertiesOf(name)).sort());
    }
  });

  it('is rejected by both the schema and the validator with an unknown property on any object', () => {
    const { firstAt } = checkAgainstSchema(example());
    expect([...firstAt.keys()].sort()).toEqual(Object.keys(VALIDATOR_KEYS).sort());
    for (const [name, at] of firstAt) {
      const broken = example();
      let target = broken as Record<string | number, unknown>;
      for (const step of at) target = target[step] as Record<string | number, unknown>;
      target.unexpected = true;
      expect(checkAgainstSchema(broken).errors, name).not.toEqual([]);
      expect(() => validateConfig(broken), name).toThrow(InvalidConfigError);
    }
  });

  it('shows the editor snippet as a valid configuration', () => {
    const snippet: unknown = JSON.parse(docBlock('In the file itself', 'json'));
    expect(() => validateConfig(snippet)).not.toThrow();
    expect(checkAgainstSchema(snippet).errors).toEqual([]);
  });
});

describe('the schema rejects what the validator rejects for shapes', () => {
  const flag = (extra: Record<string, unknown>): unknown => ({
    flags: [
      { key: 'f', variations: { on: true }, offVariation: 'on', fallthrough: { variation: 'on' }, ...extra },
    ],
  });

  it.each([
    [
      'an unknown operator',
      flag({ rules: [{ variation: 'on', conditions: [{ attribute: 'a', op: 'like', values: ['x'] }] }] }),
    ],
    ['missing values', flag({ rules: [{ variation: 'on', conditions: [{ attribute: 'a', op: 'in' }] }] })],
    [
      'a serve with both variation and split',
      flag({ fallthrough: { variation: 'on', split: { weights: [{ variation: 'on', weight: 10000 }] } } }),
    ],
    ['a serve with neither', flag({ fallthrough: {} })],
    [
      'a weight above 10000',
      flag({ fallthrough: { split: { weights: [{ variation: 'on', weight: 10001 }] } } }),
    ],
    [
      'a fractional coverage',
      flag({ fallthrough: { split: { weights: [{ variation: 'on', weight: 10000 }], coverage: 0.5 } } }),
    ],
    [
      'a layer range of three',
      flag({
        fallthrough: {
          split: { weights: [{ variation: 'on', weight: 10000 }], layer: { key: 'l', range: [0, 1, 2] } },
        },
      }),
    ],
    ['an unknown kind', flag({ kind: 'rollout' })],
    ['metadata that is an array', flag({ metadata: ['owner'] })],
    ['a metadata value that is an object', flag({ metadata: { owner: { team: 'payments' } } })],
    ['a metadata value that is null', flag({ metadata: { expires: null } })],
    ['a version of 0', flag({ version: 0 })],
    ['empty variations', flag({ variations: {} })],
    ['a missing flags array', {}],
  ])('%s', (_name, input) => {
    expect(checkAgainstSchema(input).errors).not.toEqual([]);
    expect(() => validateConfig(input)).toThrow(InvalidConfigError);
  });

  it('exists needs no values in either', () => {
    const input = flag({ rules: [{ variation: 'on', conditions: [{ attribute: 'a', op: 'exists' }] }] });
    expect(checkAgainstSchema(input).errors).toEqual([]);
    expect(() => validateConfig(input)).not.toThrow();
  });
});

describe('the validation error shown in the docs is what the validator says', () => {
  it('matches word for word', () => {
    const ok = (key: string, extra: Record<string, unknown> = {}) => ({
      key,
      variations: { on: true, off: false },
      offVariation: 'off',
      fallthrough: { variation: 'off' },
      ...extra,
    });
    const input = {
      flags: [
        {
          key: 'banner',
          variations: { on: true, off: false },
          offvariation: 'off',
          fallthrough: { variation: 'on' },
        },
        ok('checkout', { prerequisites: [{ flag: 'payments', variations: ['on'] }] }),
        ok('search'),
        ok('pricing', {
          rules: [
            {
              split: {
                weights: [
                  { variation: 'on', weight: 4500 },
                  { variation: 'off', weight: 4500 },
                ],
              },
            },
            { conditions: [{ attribute: 'email', op: 'matches', values: ['@acme'] }], variation: 'on' },
          ],
        }),
        ok('payments', { prerequisites: [{ flag: 'checkout', variations: ['on'] }] }),
      ],
    };
    let message = '';
    try {
      validateConfig(input, 'flags.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(docBlock('A file with a typo', '').trim());
  });
});
