import { errorMessage } from '@rampkit/core/internal';
import { parseDocument } from 'yaml';
import { InvalidPlanError } from '../errors.js';
import type { PlanInput } from './types.js';
import { validatePlan } from './validate.js';

/**
 * Reads a plan from JSON or YAML text and validates it. Without `format`, text whose first
 * non-blank character is `{` is JSON, anything else YAML (a superset of JSON).
 * @returns the plan as written (pass it to `controller.start`); `validatePlan` gives the resolved form
 * @throws InvalidPlanError for text that does not parse (path `$`, with the line) or a plan that is invalid
 */
export function parsePlan(text: string, format?: 'json' | 'yaml', source?: string): PlanInput {
  const json = format === 'json' || (format === undefined && text.trimStart().startsWith('{'));
  let value: unknown;
  if (json) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidPlanError([{ path: '$', message: `not valid JSON: ${errorMessage(error)}` }], source);
    }
  } else {
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const first = document.errors[0];
    if (first !== undefined) {
      const line = first.linePos?.[0].line;
      const where = line === undefined ? '' : ` (line ${line})`;
      throw new InvalidPlanError(
        [{ path: '$', message: `not valid YAML${where}: ${first.message.split('\n')[0]}` }],
        source,
      );
    }
    value = document.toJS();
  }
  validatePlan(value, source);
  return value as PlanInput;
}
