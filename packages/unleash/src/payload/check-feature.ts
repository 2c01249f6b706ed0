import {
  checkEach,
  describeValue,
  expectArray,
  expectBoolean,
  expectNonEmptyString,
  expectNumber,
  expectRecord,
  expectString,
  get,
  type Issues,
} from '@rampkit/core/validation';
import { optionalField, optionalList, optionalOf } from './shape.js';

/**
 * Structural checks of the parts of an Unleash payload that evaluation reads. Only shapes are
 * checked: an unknown strategy or operator, or an invalid regular expression, is not an error
 * here, because Unleash evaluates those to "off" and so must we.
 */

export function checkFeature(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectNonEmptyString(get(value, 'name'), `${path}.name`, issues);
  expectBoolean(get(value, 'enabled'), `${path}.enabled`, issues);
  optionalList(value, 'strategies', path, issues, checkStrategy);
  optionalList(value, 'variants', path, issues, checkVariant);
  optionalList(value, 'dependencies', path, issues, checkDependency);
}

export function checkSegment(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectNumber(get(value, 'id'), {}, `${path}.id`, issues);
  const constraints = optionalField(value, 'constraints');
  if (constraints === undefined) {
    issues.push({ path: `${path}.constraints`, message: 'is required: an array of constraints' });
    return;
  }
  optionalList(value, 'constraints', path, issues, checkConstraint);
}

function checkStrategy(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(get(value, 'name'), `${path}.name`, issues);
  const parameters = optionalField(value, 'parameters');
  if (parameters !== undefined && expectRecord(parameters, `${path}.parameters`, issues)) {
    for (const key of Object.keys(parameters)) {
      optionalOf(parameters, key, `${path}.parameters`, issues, ['string', 'number', 'boolean']);
    }
  }
  optionalList(value, 'constraints', path, issues, checkConstraint);
  optionalList(value, 'segments', path, issues, (id, idPath) => {
    if (!Number.isFinite(id))
      issues.push({ path: idPath, message: `must be a segment id, got ${describeValue(id)}` });
  });
  optionalList(value, 'variants', path, issues, checkVariant);
  optionalOf(value, 'disabled', path, issues, ['boolean']);
}

function checkConstraint(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(get(value, 'contextName'), `${path}.contextName`, issues);
  expectString(get(value, 'operator'), `${path}.operator`, issues);
  optionalList(value, 'values', path, issues, expectString);
  optionalOf(value, 'value', path, issues, ['string', 'number']);
  optionalOf(value, 'inverted', path, issues, ['boolean']);
  optionalOf(value, 'caseInsensitive', path, issues, ['boolean']);
}

function checkVariant(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(get(value, 'name'), `${path}.name`, issues);
  expectNumber(get(value, 'weight'), { min: 0 }, `${path}.weight`, issues);
  optionalOf(value, 'stickiness', path, issues, ['string']);
  const payload = optionalField(value, 'payload');
  if (payload !== undefined && expectRecord(payload, `${path}.payload`, issues)) {
    expectString(get(payload, 'type'), `${path}.payload.type`, issues);
    expectString(get(payload, 'value'), `${path}.payload.value`, issues);
  }
  optionalList(value, 'overrides', path, issues, (override, overridePath) => {
    if (!expectRecord(override, overridePath, issues)) return;
    expectString(get(override, 'contextName'), `${overridePath}.contextName`, issues);
    const values = get(override, 'values');
    if (expectArray(values, `${overridePath}.values`, issues)) {
      checkEach(values, `${overridePath}.values`, issues, expectString);
    }
  });
}

function checkDependency(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(get(value, 'feature'), `${path}.feature`, issues);
  optionalOf(value, 'enabled', path, issues, ['boolean']);
  optionalList(value, 'variants', path, issues, expectString);
}
