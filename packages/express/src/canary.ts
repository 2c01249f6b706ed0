import {
  type CanaryHandlers,
  checkCanaryHandlers,
  markThrown,
  selectCanaryHandler,
} from '@rampkit/core/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A route handler that serves each request from the arm its unit is bucketed into:
 * `app.get('/pay', canary('payments-v2', { stable: payV1, canary: payV2 }))`. Handlers for other
 * variations may be added by name; `stable` serves any variation without one. The flag's outcomes
 * are recorded per arm even without `track: true`. A handler that throws or rejects (Express 4 or 5)
 * is counted as an error for its arm and passed to `next(error)`.
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when `stable` or `canary` is not a function
 */
export function canary(flagKey: string, handlers: CanaryHandlers<RequestHandler>): RequestHandler {
  checkCanaryHandlers(flagKey, handlers);
  return function rampkitCanary(req: Request, res: Response, next: NextFunction): void {
    const handler = selectCanaryHandler(req.flags, flagKey, handlers);
    const fail = (error: unknown): void => {
      markThrown(req.flags, error);
      next(error);
    };
    let result: unknown;
    try {
      result = handler(req, res, next);
    } catch (error) {
      fail(error);
      return;
    }
    if (isThenable(result)) result.then(undefined, fail);
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
