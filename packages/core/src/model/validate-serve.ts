import { BUCKETS } from '../bucketing/hash.js';
import {
  checkKnownKeys,
  childPath,
  describeValue,
  expectArray,
  expectInteger,
  expectNonEmptyString,
  expectRecord,
  expectString,
  get,
  has,
  indexPath,
  optional,
  quote,
  type RecordValue,
} from '../validation/index.js';
import { LAYER_KEYS, SPLIT_KEYS, WEIGHT_KEYS } from './validate-keys.js';
import { checkVariationName, type FlagScope } from './validate-scope.js';

/** What a rule or the fallthrough serves: exactly one of `variation` or `split`. */
export function checkServe(serve: RecordValue, path: string, scope: FlagScope): void {
  const hasVariation = has(serve, 'variation');
  const hasSplit = has(serve, 'split');
  if (hasVariation === hasSplit) {
    const got = hasVariation ? 'both' : 'neither';
    scope.issues.push({ path, message: `must have exactly one of variation or split, got ${got}` });
  }
  if (hasVariation) {
    const variationPath = childPath(path, 'variation');
    const variation = serve.variation;
    if (expectString(variation, variationPath, scope.issues)) {
      checkVariationName(variation, scope.variations, variationPath, scope.issues);
    }
  }
  if (hasSplit) checkSplit(serve.split, childPath(path, 'split'), scope);
}

function checkSplit(split: unknown, path: string, scope: FlagScope): void {
  const { issues } = scope;
  if (!expectRecord(split, path, issues)) return;
  checkKnownKeys(split, SPLIT_KEYS, path, issues);
  checkWeights(get(split, 'weights'), childPath(path, 'weights'), scope);
  optional(split, 'coverage', path, issues, (value, at) => expectInteger(value, 0, BUCKETS, at, issues));
  optional(split, 'layer', path, issues, (value, at) => checkLayer(value, at, scope));
  optional(split, 'bucketBy', path, issues, expectNonEmptyString);
  optional(split, 'salt', path, issues, expectString);
}

function checkWeights(weights: unknown, path: string, scope: FlagScope): void {
  const { issues } = scope;
  if (!expectArray(weights, path, issues)) return;
  if (weights.length === 0) {
    issues.push({ path, message: 'must list at least one {variation, weight}' });
    return;
  }
  const seen = new Map<string, number>();
  let sum = 0;
  let allValid = true;
  for (let i = 0; i < weights.length; i++) {
    const entryPath = indexPath(path, i);
    const entry = weights[i];
    if (!expectRecord(entry, entryPath, issues)) {
      allValid = false;
      continue;
    }
    checkKnownKeys(entry, WEIGHT_KEYS, entryPath, issues);
    const variationPath = childPath(entryPath, 'variation');
    const variation = get(entry, 'variation');
    if (expectString(variation, variationPath, issues)) {
      checkVariationName(variation, scope.variations, variationPath, issues);
      const first = seen.get(variation);
      if (first === undefined) seen.set(variation, i);
      else
        issues.push({ path: variationPath, message: `${quote(variation)} is already at ${path}[${first}]` });
    }
    const weight = get(entry, 'weight');
    if (expectInteger(weight, 0, BUCKETS, childPath(entryPath, 'weight'), issues)) sum += weight;
    else allValid = false;
  }
  if (allValid && sum !== BUCKETS) issues.push({ path, message: `must sum to ${BUCKETS}, got ${sum}` });
}

function checkLayer(layer: unknown, path: string, scope: FlagScope): void {
  const { issues } = scope;
  if (!expectRecord(layer, path, issues)) return;
  checkKnownKeys(layer, LAYER_KEYS, path, issues);
  const key = get(layer, 'key');
  const keyValid = expectNonEmptyString(key, childPath(path, 'key'), issues);

  const rangePath = childPath(path, 'range');
  const range = get(layer, 'range');
  if (!Array.isArray(range) || range.length !== 2) {
    const got = Array.isArray(range) ? `${range.length} elements` : describeValue(range);
    issues.push({
      path: rangePath,
      message: `must be [start, end] with 0 <= start < end <= ${BUCKETS}, got ${got}`,
    });
    return;
  }
  const [start, end] = range as [unknown, unknown];
  const startValid = expectInteger(start, 0, BUCKETS, indexPath(rangePath, 0), issues);
  const endValid = expectInteger(end, 0, BUCKETS, indexPath(rangePath, 1), issues);
  if (!startValid || !endValid) return;
  if (start >= end) {
    issues.push({ path: rangePath, message: `start must be less than end, got [${start}, ${end}]` });
    return;
  }
  if (keyValid) scope.layerClaims.push({ key, start, end, path });
}
