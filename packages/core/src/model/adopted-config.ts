import type { ValidationIssue } from '../errors/errors.js';
import { runSteps, type Steps } from '../internal/time-slice.js';
import { freezeSteps, frozenCopySteps } from './frozen-data.js';
import type { FlagsConfig } from './types.js';
import { validationSteps } from './validate.js';

/**
 * Configurations validated and deep-frozen by `adoptSteps`. Nothing can change them any more, so a
 * store or client that meets one again (the snapshot a client's own MemoryStore hands back, what a
 * FileStore delivers) neither checks nor copies it a second time.
 */
const adopted = new WeakSet<object>();

export function isAdopted(value: unknown): value is FlagsConfig {
  return typeof value === 'object' && value !== null && adopted.has(value);
}

export interface AdoptOptions {
  /** Nobody else holds the input (it was just parsed): freeze it in place rather than copy it. @default false */
  owned?: boolean;
  /** `JSON.parse` made the input: it is checked as such (see PlainDataOptions). @default false */
  parsedJson?: boolean;
  /** Problems found before validation (duplicate keys in the text): reported with its issues. @default none */
  issues?: ValidationIssue[];
}

/**
 * Validates `input` and returns a deep-frozen copy of it that stores may hand to every reader,
 * remembered as adopted. An adopted configuration is returned as it is.
 * @throws InvalidConfigError listing every issue
 */
export function* adoptSteps(input: unknown, source?: string, options: AdoptOptions = {}): Steps<FlagsConfig> {
  const issues = options.issues ?? [];
  if (issues.length === 0 && isAdopted(input)) return input;
  const config = yield* validationSteps(input, source, { issues, parsedJson: options.parsedJson ?? false });
  const frozen = options.owned ? yield* freezeSteps(config) : yield* frozenCopySteps(config);
  adopted.add(frozen);
  return frozen;
}

/** `adoptSteps` run in one go. */
export function adoptConfig(input: unknown, source?: string): FlagsConfig {
  return runSteps(adoptSteps(input, source));
}
