import type { RampkitClient } from '@rampkit/core';
import { HttpFlags, type HttpFlagsOptions, markThrown } from '@rampkit/core/http';
import { toError } from '@rampkit/core/internal';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fastifyAdapter } from './adapter.js';
import './augment.js';

/** Options of the plugin: the client, and every option of the shared request logic. */
export interface RampkitFastifyOptions extends HttpFlagsOptions<FastifyRequest> {
  /** The process-wide Rampkit client (`createClient`). Required. */
  client: RampkitClient;
}

const plugin: FastifyPluginCallback<RampkitFastifyOptions> = (fastify, options, done) => {
  const { client, ...httpOptions } = options;
  let http: HttpFlags<FastifyRequest, FastifyReply>;
  try {
    http = new HttpFlags(client, fastifyAdapter, httpOptions);
  } catch (error) {
    done(toError(error));
    return;
  }

  fastify.decorateRequest('flags', null as never);
  fastify.decorate('rampkit', {
    stats: http.stats,
    ready: (readyOptions?: { timeoutMs?: number }) => http.ready(readyOptions),
  });

  // The only hook every request runs. The response's end is watched from the first tracked flag
  // served (see the adapter), so requests that serve none pay for nothing more.
  fastify.addHook('onRequest', (request, reply, next) => {
    request.flags = http.begin(request, reply);
    next();
  });
  fastify.addHook('onError', (request, _reply, error, next) => {
    markThrown(request.flags, error);
    next();
  });
  fastify.addHook('onClose', (_instance, next) => {
    http.close();
    next();
  });
  done();
};

/**
 * `fastify.register(rampkit, { client })`: gives every request `request.flags`, keeps anonymous
 * visitors in their arm with an id cookie and records each tracked flag's outcome when the response
 * is over (or the client went away first). Registered with fastify-plugin, so it applies to the
 * whole server.
 * @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` (at registration) for a missing client or unusable options
 */
export const rampkit = fp(plugin, { fastify: '5.x', name: '@rampkit/fastify' });
