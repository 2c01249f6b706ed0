import { InvalidConfigError } from '../errors/errors.js';
import { runSteps, type Steps } from '../internal/time-slice.js';
import { adoptSteps } from './adopted-config.js';
import { JsonTextError, type ScannedJson, scanJson } from './json-scanner.js';
import type { FlagsConfig } from './types.js';

/**
 * The text without a leading byte-order mark (U+FEFF), which editors on Windows put before UTF-8
 * text and which `JSON.parse` refuses.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses JSON text the way Rampkit reads a flags file: a byte-order mark at the start is skipped,
 * and a property name given twice in one object, which `JSON.parse` would take silently (the last
 * one wins), is refused with its path (`flags[2].variations.on: duplicate key at line 14 column 7,
 * first at line 12 column 7`). It does not check the configuration itself: `validateConfig` does.
 *
 * @param source names where the text came from (a file path) in the error message.
 * @throws InvalidConfigError naming the line and column of a syntax error, or every duplicate key
 */
export function parseConfigJson(text: string, source?: string): unknown {
  const { value, duplicates } = runSteps(jsonSteps(text, source));
  if (duplicates.length > 0) throw new InvalidConfigError(duplicates, source);
  return value;
}

/**
 * A flags file's text to an adopted configuration (validated and deep-frozen), in steps: duplicate
 * keys are reported with the configuration's other issues. The text is a string, or the chunks it
 * arrives in (a file's bytes decoded a chunk at a time, its byte-order mark already dropped).
 * @throws InvalidConfigError listing every issue
 */
export function* configFromJsonSteps(text: string | Iterator<string>, source?: string): Steps<FlagsConfig> {
  const { value, duplicates } = yield* jsonSteps(text, source);
  return yield* adoptSteps(value, source, { owned: true, parsedJson: true, issues: duplicates });
}

function* jsonSteps(text: string | Iterator<string>, source: string | undefined): Steps<ScannedJson> {
  const chunks = typeof text === 'string' ? [withoutByteOrderMark(text)][Symbol.iterator]() : text;
  try {
    return yield* scanJson(chunks);
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    const failure = new InvalidConfigError(
      [{ path: '$', message: `cannot be parsed ${error.message}` }],
      source,
    );
    failure.cause = error;
    throw failure;
  }
}
