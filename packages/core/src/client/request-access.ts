import type { CompiledFlag } from '../evaluation/compile-flag.js';
import type { EvaluationResult } from '../evaluation/result.js';
import type { EvaluationContext, JsonValue } from '../model/types.js';

/**
 * What core's request logic (`@rampkit/core/http`) reads of a client past its public methods. A
 * request serves a flag by looking it up once and evaluating the compiled flag directly, and reads
 * whether the flag is tracked off the same compiled flag. Through the public `evaluate`, that took a
 * second lookup (or a mark on the result, a megamorphic read), on top of checks a request's context,
 * always an object, does not need.
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

/**
 * The key of a client's `RequestAccess`. Only modules of this package hold it: the package's entry
 * points do not export it, so the access stays off the client's public surface. A client from another
 * copy of core (an ESM and a CJS build loaded side by side) keys its access with that copy's symbol,
 * and is served through its public methods instead.
 */
export const REQUEST_ACCESS: unique symbol = Symbol('rampkit.requestAccess');

/** What the request logic may find on a client: the access, when the client is of this copy of core. */
export interface RequestAccessHolder {
  [REQUEST_ACCESS]?(): RequestAccess;
}

/** The access `client` grants, or undefined for a client of another copy of core. */
export function requestAccess(client: RequestAccessHolder): RequestAccess | undefined {
  return typeof client[REQUEST_ACCESS] === 'function' ? client[REQUEST_ACCESS]() : undefined;
}
