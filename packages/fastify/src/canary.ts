import { type CanaryHandlers, checkCanaryHandlers, selectCanaryHandler } from '@rampkit/core/http';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';

type Handler = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * A route handler that serves each request from the arm its unit is bucketed into:
 * `fastify.get('/pay', canary('payments-v2', { stable: payV1, canary: payV2 }))`. Handlers for other
 * variations may be added by name; `stable` serves any variation without one. The flag's outcomes are
 * recorded per arm even without `track: true`; a handler that throws or rejects counts as an error for
 * its arm (through the plugin's `onError` hook).
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when `stable` or `canary` is not a function
 */
export function canary(flagKey: string, handlers: CanaryHandlers<Handler>): RouteHandlerMethod {
  checkCanaryHandlers(flagKey, handlers);
  return function rampkitCanary(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    return selectCanaryHandler(request.flags, flagKey, handlers).call(this, request, reply);
  } as RouteHandlerMethod;
}
