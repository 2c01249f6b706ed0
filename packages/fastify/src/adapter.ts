import { type HttpAdapter, watchResponseEnd } from '@rampkit/core/http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Fastify mapped onto Rampkit's framework-neutral request logic. */
export const fastifyAdapter: HttpAdapter<FastifyRequest, FastifyReply> = {
  headers: (request) => request.headers,
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
  // Node's own signals on the raw response rather than onResponse and onRequestAbort hooks: those
  // would run Fastify's response timing and hook runners on every request, tracked flags or not.
  onResponseDone(reply, flags, done) {
    watchResponseEnd(reply.raw, flags, done);
  },
};
