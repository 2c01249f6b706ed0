import type { RampkitClient } from '@rampkit/core';
import { HttpFlags, type HttpFlagsOptions, type HttpStats, markThrown } from '@rampkit/core/http';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { expressAdapter } from './adapter.js';
import './augment.js';

/** Options of `rampkit(client, options)`; every one is optional. */
export type RampkitExpressOptions = HttpFlagsOptions<Request>;

/** The middleware, plus what an application may need around it. */
export interface RampkitMiddleware extends RequestHandler {
  /**
   * Error middleware that marks the request as failed (so a thrown error counts even when your own
   * error handler answers with a non-5xx status) and passes the error on. Mount it after your routes.
   */
  readonly errorHandler: ErrorRequestHandler;
  /** Override and context-error counters, outcomes recorded. */
  readonly stats: HttpStats;
  /** Resolves once the client is ready (and the override catalog loaded, when overrides are on). */
  ready(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops following configuration changes (the client stays open: the application owns it). */
  close(): void;
}

/**
 * `app.use(rampkit(client))`: gives every request `req.flags`, keeps anonymous visitors in their arm
 * with an id cookie and records each tracked flag's outcome when the response finishes.
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` for a missing client or unusable options
 */
export function rampkit(client: RampkitClient, options: RampkitExpressOptions = {}): RampkitMiddleware {
  const http = new HttpFlags(client, expressAdapter, options);

  function rampkitMiddleware(req: Request, res: Response, next: NextFunction): void {
    // Mounted twice (app and router): the first evaluator stays, so each flag is still served once.
    // `hasOwn` first: a plain `req.flags` read that misses walks Express's per-request prototype
    // chain, one of the dearer things a middleware can do. The response's end is watched from the
    // first tracked flag served (see the adapter).
    if (!Object.hasOwn(req, 'flags') || req.flags == null) req.flags = http.begin(req, res);
    next();
  }

  const errorHandler: ErrorRequestHandler = (error, req, _res, next) => {
    markThrown(req.flags, error);
    next(error);
  };

  return Object.assign(rampkitMiddleware, {
    errorHandler,
    stats: http.stats,
    ready: (readyOptions?: { timeoutMs?: number }) => http.ready(readyOptions),
    close: () => http.close(),
  });
}
