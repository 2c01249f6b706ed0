import type { HttpAdapter } from '@rampkit/core/http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Fastify mapped onto Rampkit's framework-neutral request logic. */
export const fastifyAdapter: HttpAdapter<FastifyRequest, FastifyReply> = {
  header(request, name) {
    const value = request.headers[name];
    return typeof value === 'string' ? value : value?.[0];
  },
  // request.ip and request.protocol honour the server's `trustProxy` option.
  remoteAddress: (request) => request.ip,
  secure: (request) => request.protocol === 'https',
  setHeader(reply, name, value) {
    if (!reply.sent) reply.header(name, value);
  },
  // Fastify appends repeated set-cookie headers rather than replacing them.
  appendCookie(reply, cookie) {
    reply.header('set-cookie', cookie);
  },
  // Fastify times every request already (onRequest to response end, or to now while it runs).
  elapsedMs: (reply) => reply.elapsedTime,
};
