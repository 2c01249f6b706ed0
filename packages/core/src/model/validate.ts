import { InvalidConfigError, type ValidationIssue } from '../errors/errors.js';
import { errorMessage } from '../errors/to-error.js';
import { runSteps, runStepsInSlices, type Steps, type TimeSliceOptions } from '../internal/time-slice.js';
import {
  checkKnownKeys,
  expectArray,
  expectRecord,
  expectString,
  get,
  has,
  indexPath,
  optional,
  quote,
  type RecordValue,
} from '../validation/index.js';
import { plainDataSteps } from './plain-data.js';
import type { FlagsConfig } from './types.js';
import { checkFlag } from './validate-flag.js';
import { CONFIG_KEYS } from './validate-keys.js';
import { layerOverlapChecks } from './validate-layers.js';
import { type PrerequisiteEdge, prerequisiteCycleChecks } from './validate-prerequisites.js';
import type { FlagScope, LayerClaim } from './validate-scope.js';
import { checkSegment } from './validate-segment.js';
import { variationNames } from './validate-variations.js';

export type { TimeSliceOptions } from '../internal/time-slice.js';

/**
 * Checks a whole configuration: a flags file, a store snapshot or `createClient({ flags })`.
 * Every problem is collected, then reported at once, each with the JSON path of the offending
 * value and what was expected (`flags[3].rules[0].split.weights: must sum to 10000, got 9000`).
 * Only plain JSON data passes: anything a JSON file or `structuredClone` would not hold unchanged
 * (`undefined`, functions, `Date`s, -0, holes, named properties of arrays, getters, cycles…) is
 * an issue. The input is read, never changed, and returned as it is. Cost is linear in the input's size
 * (layer ranges are sorted: n log n in the number of layered splits). A large configuration
 * holds the event loop for as long: `validateConfigAsync` does the same work in slices.
 *
 * @param source names where the configuration came from (a file path) in the error message.
 * @throws InvalidConfigError (code `RAMPKIT_INVALID_CONFIG`) listing every issue in `issues`.
 */
export function validateConfig(input: unknown, source?: string): FlagsConfig {
  return runSteps(validationSteps(input, source));
}

/**
 * `validateConfig` that gives the event loop a turn every `sliceMs` (one flag or segment is the
 * smallest unit of work), for configurations of thousands of flags in a server. Same result,
 * same issues in the same order. The input must not change until the promise settles.
 *
 * @param source names where the configuration came from (a file path) in the error message.
 * @throws InvalidConfigError (code `RAMPKIT_INVALID_CONFIG`, as a rejection) listing every issue.
 */
export function validateConfigAsync(
  input: unknown,
  source?: string,
  options: TimeSliceOptions = {},
): Promise<FlagsConfig> {
  return runStepsInSlices(validationSteps(input, source), options);
}

/**
 * The work of `validateConfig`, one flag or segment per step: first that the input is plain JSON
 * data (the rules are checked only then, since they read the input as such), then the rules.
 * `options.issues` may hold problems found before, such as duplicate keys in the text it was parsed
 * from; `options.parsedJson` says that `JSON.parse` made the input (see PlainDataOptions).
 */
export function* validationSteps(
  input: unknown,
  source?: string,
  options: { issues?: ValidationIssue[]; parsedJson?: boolean } = {},
): Steps<FlagsConfig> {
  const issues = options.issues ?? [];
  const before = issues.length;
  try {
    yield* plainDataSteps(input, issues, { parsedJson: options.parsedJson ?? false });
    if (issues.length === before) yield* checkConfig(input, issues);
  } catch (error) {
    // Only exotic input gets here (a proxy or a getter that throws): report it, do not crash.
    issues.push({
      path: '$',
      message: `could not be read: ${errorMessage(error)}`,
    });
  }
  if (issues.length > 0) throw new InvalidConfigError(issues, source);
  return input as FlagsConfig;
}

function* checkConfig(input: unknown, issues: ValidationIssue[]): Steps<void> {
  if (!expectRecord(input, '$', issues)) return;
  checkKnownKeys(input, CONFIG_KEYS, '', issues);
  optional(input, '$schema', '', issues, expectString);

  const segmentKeys = yield* checkSegments(input, issues);

  const flags = get(input, 'flags');
  if (flags === undefined) {
    issues.push({ path: 'flags', message: 'is required: an array of flag definitions' });
    return;
  }
  if (!expectArray(flags, 'flags', issues)) return;

  // First pass: every flag's key and variation names, which rules and prerequisites refer to.
  const flagVariations = new Map<string, ReadonlySet<string> | undefined>();
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < flags.length; i++) {
    yield;
    const flag = flags[i];
    const key = isRecordWithKey(flag) ? flag.key : undefined;
    if (typeof key !== 'string' || key.length === 0) continue;
    const first = firstIndex.get(key);
    if (first !== undefined) {
      issues.push({
        path: `flags[${i}].key`,
        message: `duplicate flag key ${quote(key)}, first at flags[${first}]`,
      });
      continue;
    }
    firstIndex.set(key, i);
    flagVariations.set(key, variationNames(get(flag as RecordValue, 'variations')));
  }

  // Second pass: each flag on its own, then what spans flags (prerequisite cycles, layers).
  const layerClaims: LayerClaim[] = [];
  const graph = new Map<string, PrerequisiteEdge[]>();
  for (let i = 0; i < flags.length; i++) {
    yield;
    const path = indexPath('flags', i);
    const flag = flags[i];
    if (!expectRecord(flag, path, issues)) continue;
    const key = get(flag, 'key');
    const scope: FlagScope = {
      issues,
      variations: variationNames(get(flag, 'variations')),
      segmentKeys,
      flags: flagVariations,
      layerClaims,
    };
    const edges = checkFlag(flag, path, scope);
    if (typeof key === 'string' && firstIndex.get(key) === i) graph.set(key, edges);
  }
  yield* prerequisiteCycleChecks(graph, issues);
  yield* layerOverlapChecks(layerClaims, issues);
}

function* checkSegments(input: RecordValue, issues: ValidationIssue[]): Steps<Set<string>> {
  const keys = new Set<string>();
  if (!has(input, 'segments')) return keys;
  const segments = input.segments;
  if (!expectArray(segments, 'segments', issues)) return keys;
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < segments.length; i++) {
    yield;
    const path = indexPath('segments', i);
    const segment = segments[i];
    if (!expectRecord(segment, path, issues)) continue;
    checkSegment(segment, path, issues);
    const key = get(segment, 'key');
    if (typeof key !== 'string' || key.length === 0) continue;
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, i);
      keys.add(key);
    } else {
      issues.push({
        path: `${path}.key`,
        message: `duplicate segment key ${quote(key)}, first at segments[${first}]`,
      });
    }
  }
  return keys;
}

function isRecordWithKey(value: unknown): value is RecordValue & { key: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'key');
}
