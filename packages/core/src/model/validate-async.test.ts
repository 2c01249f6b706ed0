import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors/errors.js';
import { largeConfig } from '../internal/large-config.test-helper.js';
import { runStepsInSlices } from '../internal/time-slice.js';
import { validateConfig, validateConfigAsync, validationSteps } from './validate.js';
import { flag } from './validate-test-helpers.js';

type Outcome = { ok: unknown } | { error: { name: string; message: string; issues: unknown } };

function syncOutcome(input: unknown, source?: string): Outcome {
  try {
    return { ok: validateConfig(input, source) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** Sliced as finely as the driver allows: a pause at every clock reading. */
async function slicedOutcome(input: unknown, source?: string): Promise<Outcome> {
  try {
    return { ok: await runStepsInSlices(validationSteps(input, source), { sliceMs: 0 }) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function describeError(error: unknown) {
  if (!(error instanceof InvalidConfigError)) throw error;
  return { name: error.name, message: error.message, issues: error.issues };
}

/** Every property of a configuration, as [holder, key], in a fixed order. */
function slots(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push([value, index]);
      slots(item, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      out.push([record, key]);
      slots(record[key], out);
    }
  }
  return out;
}

/** Replacements that break a configuration in the ways the validator names: types, references,
 * duplicates (flag-0 and segment-0 exist), weights, ranges, unknown values. */
const replacement = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('flag-0', 'flag-1', 'segment-0', 'on', 'canary', 'nope', '', 'semverGte', 'layer-0'),
  fc.constantFrom(0, -1, 5000, 10_000, 10_001, 1.5),
  fc.constantFrom<unknown>([], {}, [5000, 9000], null, true, [{ flag: 'flag-1', variations: ['on'] }]),
  fc.anything({ maxDepth: 2 }),
);

const corruptions = fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 6 });

function corrupt(base: unknown, changes: ReadonlyArray<readonly [number, unknown]>): unknown {
  const config = structuredClone(base);
  for (const [pick, value] of changes) {
    const all = slots(config);
    // Earlier changes may have deleted every property: an empty configuration is broken enough.
    if (all.length === 0) break;
    const [holder, key] = all[pick % all.length]!;
    if (value === undefined && !Array.isArray(holder)) delete holder[key as string];
    // A copy: fast-check hands the same objects to several runs (every `constantFrom` pick, and the
    // values it shrinks from), so a later change writing into one inserted as it is would change the
    // generated values themselves, until one contained itself and `slots` recursed without end.
    else (holder as Record<string | number, unknown>)[key] = structuredClone(value);
  }
  return config;
}

describe('validateConfigAsync reports exactly what validateConfig reports', () => {
  it('the same issues, in the same order, with the same message, for randomly broken configurations', async () => {
    const base = largeConfig(24);
    await fc.assert(
      fc.asyncProperty(corruptions, async (changes) => {
        const input = corrupt(base, changes);
        expect(await slicedOutcome(input, 'a.json')).toEqual(syncOutcome(input, 'a.json'));
      }),
      { numRuns: 60 },
    );
  });

  it('accepts a valid configuration and returns the input itself', async () => {
    const input = largeConfig(600);
    expect(await validateConfigAsync(input)).toBe(input);
  });

  it('rejects with every issue of a configuration broken across flags, segments, cycles and layers', async () => {
    const input = largeConfig(600);
    const flags = input.flags as unknown as Array<Record<string, unknown>>;
    flags[3] = { ...flags[3], key: 'flag-0' };
    flags[0] = { ...flags[0], prerequisites: [{ flag: 'flag-1', variations: ['canary'] }] };
    flags[10] = structuredClone(flags[6])!;
    flags[20] = { ...flags[20], rules: [{ segments: ['segment-999'], variation: 'on' }] };
    (input.segments as unknown as unknown[])[2] = { key: 'segment-1' };
    const expected = syncOutcome(input, 'store snapshot version 7');
    expect(expected).toMatchObject({ error: { name: 'InvalidConfigError' } });
    expect('error' in expected && (expected.error.issues as unknown[]).length).toBeGreaterThanOrEqual(5);

    const rejection = await validateConfigAsync(input, 'store snapshot version 7').then(
      () => undefined,
      (error: unknown) => describeError(error),
    );
    expect({ error: rejection }).toEqual(expected);
  });

  it('a getter, which is never run, is reported the same way', async () => {
    const flags = [flag({ key: 'a' }), flag({ key: 'b' })];
    Object.defineProperty(flags[1], 'rules', {
      enumerable: true,
      get: () => {
        throw new Error('no rules today');
      },
    });
    const input = { flags };
    const outcome = await slicedOutcome(input);
    expect(outcome).toEqual(syncOutcome(input));
    expect(outcome).toMatchObject({
      error: {
        issues: [{ path: 'flags[1].rules', message: 'is an accessor (get/set), not a data property' }],
      },
    });
  });

  it('exotic input that throws while being read is reported the same way', async () => {
    const rules = new Proxy([], {
      ownKeys: () => {
        throw new Error('no rules today');
      },
    });
    const input = { flags: [flag({ key: 'a' }), flag({ key: 'b', rules })] };
    const outcome = await slicedOutcome(input);
    expect(outcome).toEqual(syncOutcome(input));
    expect(outcome).toMatchObject({
      error: { issues: [{ path: '$', message: 'could not be read: no rules today' }] },
    });
  });

  it('input that is not a configuration at all is reported the same way', async () => {
    for (const input of [null, 42, 'flags', [], { flags: {} }, { segments: 'x' }]) {
      expect(await slicedOutcome(input)).toEqual(syncOutcome(input));
    }
  });
});
