import { RampkitError } from '../errors/errors.js';
import type { RequestEvaluator, RequestFlags } from './request-flags.js';

/** A handler per variation of the flag; `stable` also serves whenever no handler matches. */
export interface CanaryHandlers<H> {
  stable: H;
  canary: H;
  [variation: string]: H;
}

/** Throws at route definition, never per request, when a handler is missing. */
export function checkCanaryHandlers(flagKey: string, handlers: CanaryHandlers<unknown>): void {
  if (typeof flagKey !== 'string' || flagKey.length === 0) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      'canary(flagKey, handlers): flagKey must be a non-empty string',
    );
  }
  for (const [variation, handler] of Object.entries(handlers ?? {})) {
    if (typeof handler !== 'function') {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        `canary("${flagKey}"): handler "${variation}" is not a function`,
      );
    }
  }
  if (typeof handlers?.stable !== 'function' || typeof handlers.canary !== 'function') {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `canary("${flagKey}"): both "stable" and "canary" handlers are required`,
    );
  }
}

let warned = false;

/**
 * The handler for the arm this request's unit is bucketed into. The flag's outcomes are recorded for
 * that arm whether or not the flag sets `track`. Without the Rampkit middleware in front, `stable`.
 */
export function selectCanaryHandler<H>(
  flags: RequestFlags | null | undefined,
  flagKey: string,
  handlers: CanaryHandlers<H>,
): H {
  // Duck-typed rather than instanceof: ESM and CJS copies of this module may both be loaded.
  const evaluator = flags as RequestEvaluator<unknown, unknown> | null | undefined;
  if (typeof evaluator?.route !== 'function') {
    if (!warned) {
      warned = true;
      process.emitWarning(
        `canary("${flagKey}") ran without the Rampkit middleware/plugin in front of it: serving "stable"`,
        { code: 'RAMPKIT_NO_MIDDLEWARE' },
      );
    }
    return handlers.stable;
  }
  const arm = evaluator.route(flagKey);
  return arm !== undefined && Object.hasOwn(handlers, arm) ? (handlers[arm] as H) : handlers.stable;
}
