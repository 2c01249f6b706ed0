import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATORS } from '../conditions/operators.js';
import type { Condition, FlagsConfig, FlagType, JsonValue } from '../model/types.js';
import { validateConfig } from '../model/validate.js';
import { compileConfig } from './compile.js';
import { evaluateFlag } from './evaluate.js';
import type { EvaluationErrorCode, EvaluationReason, EvaluationResult } from './result.js';

/** The shape fixtures/cases.json documents in its `$comment`. */
interface CaseFile {
  suites: Suite[];
}
interface Suite {
  description: string;
  config: unknown;
  cases: Case[];
}
interface Case {
  description: string;
  flag: string;
  context: unknown;
  default: JsonValue;
  expectedType?: FlagType;
  expect: Expected;
}
interface Expected {
  value: JsonValue;
  variation?: string;
  reason: EvaluationReason;
  ruleIndex?: number;
  inExperiment: boolean;
  errorCode?: EvaluationErrorCode;
  prerequisiteFailed?: string;
  flagMetadata?: Record<string, string | number | boolean>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/cases.json', import.meta.url), 'utf8'),
) as CaseFile;

/** The compared fields; an undefined one must be absent from `expect` (toEqual treats them alike). */
function observed(result: EvaluationResult<unknown>) {
  return {
    value: result.value,
    variation: result.variation,
    reason: result.reason,
    ruleIndex: result.ruleIndex,
    inExperiment: result.inExperiment,
    errorCode: result.errorCode,
    prerequisiteFailed: result.prerequisiteFailed,
    flagMetadata: result.flagMetadata,
  };
}

describe.each(fixture.suites.map((suite) => [suite.description, suite] as const))(
  'cases.json: %s',
  (_, suite) => {
    const compiled = compileConfig(validateConfig(suite.config, 'fixtures/cases.json'));

    it.each(suite.cases.map((item) => [`${item.flag}: ${item.description}`, item] as const))(
      '%s',
      (_name, item) => {
        const result = evaluateFlag<unknown>(
          compiled,
          item.flag,
          item.context,
          item.default,
          item.expectedType,
        );
        expect(observed(result)).toEqual(item.expect);
      },
    );
  },
);

describe('cases.json covers the evaluation contract', () => {
  const cases = fixture.suites.flatMap((suite) => suite.cases);
  const configs = fixture.suites.map((suite) => suite.config as FlagsConfig);
  const conditions: Condition[] = configs.flatMap((config) => [
    ...config.flags.flatMap((flag) => (flag.rules ?? []).flatMap((rule) => rule.conditions ?? [])),
    ...(config.segments ?? []).flatMap((segment) => segment.conditions ?? []),
  ]);

  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it('uses every operator, negated and case-insensitive conditions', () => {
    expect(new Set(conditions.map((condition) => condition.op))).toEqual(new Set(OPERATORS));
    expect(conditions.some((condition) => condition.negate === true)).toBe(true);
    expect(conditions.some((condition) => condition.caseInsensitive === true)).toBe(true);
  });

  it('expects every reason and every error code an evaluation of JSON input can produce', () => {
    const reasons: EvaluationReason[] = [
      'STATIC',
      'TARGETING_MATCH',
      'SPLIT',
      'DISABLED',
      'DEFAULT',
      'ERROR',
    ];
    const codes: EvaluationErrorCode[] = ['FLAG_NOT_FOUND', 'TYPE_MISMATCH', 'INVALID_CONTEXT'];
    expect(new Set(cases.map((item) => item.expect.reason))).toEqual(new Set(reasons));
    expect(new Set(cases.flatMap((item) => item.expect.errorCode ?? []))).toEqual(new Set(codes));
  });

  it('places units by coverage, layers and split salts of their own', () => {
    const splits = configs.flatMap((config) =>
      config.flags.flatMap((flag) =>
        [flag.fallthrough, ...(flag.rules ?? [])].flatMap((serve) => serve.split ?? []),
      ),
    );
    expect(splits.some((split) => split.coverage !== undefined)).toBe(true);
    expect(splits.some((split) => split.layer !== undefined)).toBe(true);
    expect(splits.some((split) => split.salt !== undefined && split.bucketBy !== undefined)).toBe(true);
  });
});
