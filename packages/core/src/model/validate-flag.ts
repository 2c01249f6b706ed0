import { checkCondition } from '../conditions/check.js';
import {
  checkKnownKeys,
  childPath,
  describeValue,
  expectArray,
  expectBoolean,
  expectInteger,
  expectNonEmptyString,
  expectRecord,
  expectString,
  expectStringArray,
  get,
  has,
  indexPath,
  optional,
  quote,
  type RecordValue,
} from '../validation/index.js';
import { FLAG_KEYS, FLAG_KINDS, RULE_KEYS, SERVE_KEYS } from './validate-keys.js';
import { checkMetadata } from './validate-metadata.js';
import { checkPrerequisites, type PrerequisiteEdge } from './validate-prerequisites.js';
import { checkVariationName, type FlagScope } from './validate-scope.js';
import { checkServe } from './validate-serve.js';
import { checkVariations } from './validate-variations.js';

/**
 * Checks one flag definition (everything but the uniqueness of its key, which needs every flag)
 * and returns its prerequisite edges for the cycle check.
 */
export function checkFlag(flag: RecordValue, path: string, scope: FlagScope): PrerequisiteEdge[] {
  const { issues } = scope;
  checkKnownKeys(flag, FLAG_KEYS, path, issues);
  const key = get(flag, 'key');
  expectNonEmptyString(key, childPath(path, 'key'), issues);
  optional(flag, 'enabled', path, issues, expectBoolean);
  checkVariations(flag, path, issues);

  checkVariationReference(flag, 'offVariation', true, path, scope);
  checkVariationReference(flag, 'fallbackVariation', false, path, scope);

  optional(flag, 'rules', path, issues, (rules, at) => checkRules(rules, at, scope));
  const fallthroughPath = childPath(path, 'fallthrough');
  const fallthrough = get(flag, 'fallthrough');
  if (expectRecord(fallthrough, fallthroughPath, issues)) {
    checkKnownKeys(fallthrough, SERVE_KEYS, fallthroughPath, issues);
    checkServe(fallthrough, fallthroughPath, scope);
  }

  optional(flag, 'salt', path, issues, expectString);
  optional(flag, 'bucketBy', path, issues, expectNonEmptyString);
  optional(flag, 'track', path, issues, expectBoolean);
  optional(flag, 'kind', path, issues, (kind, at) => {
    if (!(FLAG_KINDS as readonly unknown[]).includes(kind)) {
      issues.push({
        path: at,
        message: `must be one of ${FLAG_KINDS.join(', ')}, got ${describeValue(kind)}`,
      });
    }
  });
  optional(flag, 'version', path, issues, (version, at) =>
    expectInteger(version, 1, Number.MAX_SAFE_INTEGER, at, issues),
  );
  optional(flag, 'description', path, issues, expectString);
  optional(flag, 'tags', path, issues, expectStringArray);
  optional(flag, 'metadata', path, issues, checkMetadata);

  if (!has(flag, 'prerequisites')) return [];
  const ownKey = typeof key === 'string' ? key : undefined;
  return checkPrerequisites(ownKey, flag.prerequisites, childPath(path, 'prerequisites'), scope);
}

function checkVariationReference(
  flag: RecordValue,
  property: 'offVariation' | 'fallbackVariation',
  required: boolean,
  path: string,
  scope: FlagScope,
): void {
  const at = childPath(path, property);
  if (!has(flag, property)) {
    if (required) scope.issues.push({ path: at, message: 'is required: the name of a variation' });
    return;
  }
  const name = flag[property];
  if (expectString(name, at, scope.issues)) checkVariationName(name, scope.variations, at, scope.issues);
}

function checkRules(rules: unknown, path: string, scope: FlagScope): void {
  const { issues } = scope;
  if (!expectArray(rules, path, issues)) return;
  const ids = new Map<string, number>();
  for (let i = 0; i < rules.length; i++) {
    const rulePath = indexPath(path, i);
    const rule = rules[i];
    if (!expectRecord(rule, rulePath, issues)) continue;
    checkKnownKeys(rule, RULE_KEYS, rulePath, issues);

    optional(rule, 'id', rulePath, issues, (id, at) => {
      if (!expectNonEmptyString(id, at, issues)) return;
      const first = ids.get(id);
      if (first === undefined) ids.set(id, i);
      else issues.push({ path: at, message: `${quote(id)} is already the id of ${path}[${first}]` });
    });
    optional(rule, 'conditions', rulePath, issues, (conditions, at) => {
      if (!expectArray(conditions, at, issues)) return;
      for (let j = 0; j < conditions.length; j++) checkCondition(conditions[j], indexPath(at, j), issues);
    });
    optional(rule, 'segments', rulePath, issues, (segments, at) => {
      if (!expectArray(segments, at, issues)) return;
      for (let j = 0; j < segments.length; j++) {
        const segmentPath = indexPath(at, j);
        const segment = segments[j];
        if (!expectNonEmptyString(segment, segmentPath, issues)) continue;
        if (!scope.segmentKeys.has(segment)) {
          issues.push({
            path: segmentPath,
            message: `names no segment of this configuration: ${quote(segment)}`,
          });
        }
      }
    });
    checkServe(rule, rulePath, scope);
  }
}
