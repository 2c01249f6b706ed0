import { type CanaryHandlers, checkCanaryHandlers, selectCanaryHandler } from '@rampkit/core/http';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerBase,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';

/** An arm's handler, on a server of type `S` (HTTP/1 by default, or HTTP/2). */
type Handler<S extends RawServerBase> = (
  this: FastifyInstance<S>,
  request: FastifyRequest<RouteGenericInterface, S>,
  reply: FastifyReply<RouteGenericInterface, S>,
) => unknown;

/**
 * A route handler that serves each request from the arm its unit is bucketed into:
 * `fastify.get('/pay', canary('payments-v2', { stable: payV1, canary: payV2 }))`. Handlers for other
 * variations may be added by name; `stable` serves any variation without one. The flag's outcomes are
 * recorded per arm even without `track: true`; a handler that throws or rejects counts as an error for
 * its arm (through the plugin's `onError` hook). Typed for the server it is routed on, HTTP/2 included.
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` when `stable` or `canary` is not a function
 */
export function canary<S extends RawServerBase = RawServerDefault>(
  flagKey: string,
  handlers: CanaryHandlers<Handler<S>>,
): RouteHandlerMethod<S> {
  checkCanaryHandlers(flagKey, handlers);
  return function rampkitCanary(
    this: FastifyInstance<S>,
    request: FastifyRequest<RouteGenericInterface, S>,
    reply: FastifyReply<RouteGenericInterface, S>,
  ) {
    return selectCanaryHandler(request.flags, flagKey, handlers).call(this, request, reply);
  } as RouteHandlerMethod<S>;
}
