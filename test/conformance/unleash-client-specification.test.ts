/**
 * Unleash's client specification (npm `@unleash/client-specification`, a devDependency of
 * @rampkit/unleash) run as written: every file its `index.json` lists, every `tests` entry against
 * `isEnabled` and every `variantTests` entry against `getVariant`. There is no skip list: a case
 * the runner cannot read fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  type UnleashContext,
  UnleashFlags,
  type UnleashHashing,
  type UnleashVariant,
} from '@rampkit/unleash';
import { describe, expect, it } from 'vitest';

const indexPath = createRequire(import.meta.url).resolve(
  '@unleash/client-specification/specifications/index.json',
);
const specFolder = dirname(indexPath);
const fileNames = readJson(indexPath);

interface SpecCase<R> {
  description: string;
  context: UnleashContext;
  toggleName: string;
  expectedResult: R;
}

type SpecVariant = Omit<UnleashVariant, 'featureEnabled'>;

interface SpecFile {
  name: string;
  state: Parameters<UnleashFlags['load']>[0];
  tests: SpecCase<boolean>[];
  /** The spec's variants predate unleash-client-node's `featureEnabled` alias. */
  variantTests: SpecCase<SpecVariant>[];
}

describe('the specification index', () => {
  it('lists spec files, each with cases this runner can read', () => {
    expect(Array.isArray(fileNames) && fileNames.length > 0).toBe(true);
    for (const fileName of fileNames as string[]) {
      const spec = readSpec(fileName);
      expect(spec.tests.length + spec.variantTests.length, fileName).toBeGreaterThan(0);
    }
  });
});

for (const hashing of ['utf8', 'unleash-node'] as const satisfies readonly UnleashHashing[]) {
  describe(`Unleash client specification, hashing '${hashing}'`, () => {
    for (const fileName of fileNames as string[]) {
      const spec = readSpec(fileName);
      describe(spec.name, () => {
        const flags = new UnleashFlags({ hashing });
        flags.load(spec.state);

        for (const test of spec.tests) {
          it(`isEnabled: ${test.description}`, () => {
            expect(flags.isEnabled(test.toggleName, test.context)).toBe(test.expectedResult);
          });
        }
        for (const test of spec.variantTests) {
          it(`getVariant: ${test.description}`, () => {
            // The spec's shape plus unleash-client-node's alias of feature_enabled, which results carry.
            const expected = { ...test.expectedResult, featureEnabled: test.expectedResult.feature_enabled };
            expect(flags.getVariant(test.toggleName, test.context)).toEqual(expected);
          });
        }
      });
    }
  });
}

/** Reads and checks one spec file; anything unexpected throws, failing the suite at collection. */
function readSpec(fileName: string): SpecFile {
  const raw = readJson(join(specFolder, fileName));
  if (!isRecord(raw) || typeof raw.name !== 'string' || !isRecord(raw.state)) {
    throw new Error(`${fileName}: not a spec file ({ name, state, tests?, variantTests? })`);
  }
  const tests = checkCases(fileName, 'tests', raw.tests, (value) => typeof value === 'boolean');
  const variantTests = checkCases(fileName, 'variantTests', raw.variantTests, isVariant);
  return {
    name: raw.name,
    state: raw.state as unknown as SpecFile['state'],
    tests: tests as SpecCase<boolean>[],
    variantTests: variantTests as SpecCase<SpecVariant>[],
  };
}

function checkCases(
  fileName: string,
  key: string,
  value: unknown,
  isExpected: (expected: unknown) => boolean,
): SpecCase<unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${fileName}: ${key} must be an array`);
  return value.map((entry, index) => {
    const known = ['description', 'context', 'toggleName', 'expectedResult'];
    if (
      !isRecord(entry) ||
      typeof entry.description !== 'string' ||
      !isRecord(entry.context) ||
      typeof entry.toggleName !== 'string' ||
      !isExpected(entry.expectedResult) ||
      Object.keys(entry).some((name) => !known.includes(name))
    ) {
      throw new Error(`${fileName}: ${key}[${index}] is not a case this runner can run`);
    }
    return entry as unknown as SpecCase<unknown>;
  });
}

function isVariant(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.enabled === 'boolean' &&
    typeof value.feature_enabled === 'boolean'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
