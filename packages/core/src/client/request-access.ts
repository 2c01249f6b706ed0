import type { CompiledFlag } from '../evaluation/compile-flag.js';
import type { EvaluationResult } from '../evaluation/result.js';
import type { EvaluationContext, JsonValue } from '../model/types.js';

/**
 * What core's request logic (`HttpFlags`) reads of a client past its public methods. A request
 * serves a flag by looking it up once and evaluating the compiled flag directly, and reads whether
 * the flag is tracked off the same compiled flag. Through the public `evaluate`, that took a second
 * lookup (or a mark on the result, a megamorphic read), on top of checks a request's context, always
 * an object, does not need.
 *
 * Kept off the client's public surface: a client grants it when constructed, and only modules of
 * this package can ask for it. A client from another copy of core (an ESM and a CJS build loaded
 * side by side) has granted none here, and is served through its public methods instead.
 */
export interface RequestAccess {
  /** The flag `key` of the configuration in force; undefined before any is, or when there is no such flag. */
  flag(key: string): CompiledFlag | undefined;
  /**
   * `client.evaluate(flag.key, context)` for a flag `flag(key)` returned and a context known to be an
   * object: the same result, exposure event included.
   */
  serve(flag: CompiledFlag, context: EvaluationContext): EvaluationResult<JsonValue | undefined>;
  /**
   * Tells the application of a problem in the request logic: the client's `error` event, or its
   * logger when nobody listens (once per distinct problem). Never throws.
   */
  report(error: unknown): void;
}

const granted = new WeakMap<object, RequestAccess>();

export function grantRequestAccess(client: object, access: RequestAccess): void {
  granted.set(client, access);
}

/** The access `client` granted, or undefined for a client of another copy of core. */
export function requestAccess(client: object): RequestAccess | undefined {
  return granted.get(client);
}
