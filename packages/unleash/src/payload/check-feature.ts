import {
  checkEach,
  describe,
  expectArray,
  expectRecord,
  expectString,
  field,
  type Issues,
  optionalField,
  optionalList,
  optionalOf,
} from './shape.js';

/**
 * Structural checks of the parts of an Unleash payload that evaluation reads. Only shapes are
 * checked: an unknown strategy or operator, or an invalid regular expression, is not an error
 * here, because Unleash evaluates those to "off" and so must we.
 */

export function checkFeature(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  const name = field(value, 'name');
  if (typeof name !== 'string' || name.length === 0) {
    issues.push({ path: `${path}.name`, message: `must be a non-empty string, got ${describe(name)}` });
  }
  if (typeof field(value, 'enabled') !== 'boolean') {
    issues.push({
      path: `${path}.enabled`,
      message: `must be a boolean, got ${describe(field(value, 'enabled'))}`,
    });
  }
  optionalList(value, 'strategies', path, issues, checkStrategy);
  optionalList(value, 'variants', path, issues, checkVariant);
  optionalList(value, 'dependencies', path, issues, checkDependency);
}

export function checkSegment(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  if (!Number.isFinite(field(value, 'id'))) {
    issues.push({ path: `${path}.id`, message: `must be a number, got ${describe(field(value, 'id'))}` });
  }
  const constraints = optionalField(value, 'constraints');
  if (constraints === undefined) {
    issues.push({ path: `${path}.constraints`, message: 'is required: an array of constraints' });
    return;
  }
  optionalList(value, 'constraints', path, issues, checkConstraint);
}

function checkStrategy(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(field(value, 'name'), `${path}.name`, issues);
  const parameters = optionalField(value, 'parameters');
  if (parameters !== undefined && expectRecord(parameters, `${path}.parameters`, issues)) {
    for (const key of Object.keys(parameters)) {
      optionalOf(parameters, key, `${path}.parameters`, issues, ['string', 'number', 'boolean']);
    }
  }
  optionalList(value, 'constraints', path, issues, checkConstraint);
  optionalList(value, 'segments', path, issues, (id, idPath) => {
    if (!Number.isFinite(id))
      issues.push({ path: idPath, message: `must be a segment id, got ${describe(id)}` });
  });
  optionalList(value, 'variants', path, issues, checkVariant);
  optionalOf(value, 'disabled', path, issues, ['boolean']);
}

function checkConstraint(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(field(value, 'contextName'), `${path}.contextName`, issues);
  expectString(field(value, 'operator'), `${path}.operator`, issues);
  optionalList(value, 'values', path, issues, expectString);
  optionalOf(value, 'value', path, issues, ['string', 'number']);
  optionalOf(value, 'inverted', path, issues, ['boolean']);
  optionalOf(value, 'caseInsensitive', path, issues, ['boolean']);
}

function checkVariant(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(field(value, 'name'), `${path}.name`, issues);
  const weight = field(value, 'weight');
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
    issues.push({ path: `${path}.weight`, message: `must be a number ≥ 0, got ${describe(weight)}` });
  }
  optionalOf(value, 'stickiness', path, issues, ['string']);
  const payload = optionalField(value, 'payload');
  if (payload !== undefined && expectRecord(payload, `${path}.payload`, issues)) {
    expectString(field(payload, 'type'), `${path}.payload.type`, issues);
    expectString(field(payload, 'value'), `${path}.payload.value`, issues);
  }
  optionalList(value, 'overrides', path, issues, (override, overridePath) => {
    if (!expectRecord(override, overridePath, issues)) return;
    expectString(field(override, 'contextName'), `${overridePath}.contextName`, issues);
    const values = field(override, 'values');
    if (expectArray(values, `${overridePath}.values`, issues)) {
      checkEach(values, `${overridePath}.values`, issues, expectString);
    }
  });
}

function checkDependency(value: unknown, path: string, issues: Issues): void {
  if (!expectRecord(value, path, issues)) return;
  expectString(field(value, 'feature'), `${path}.feature`, issues);
  optionalOf(value, 'enabled', path, issues, ['boolean']);
  optionalList(value, 'variants', path, issues, expectString);
}
