import type { HttpAdapter, RequestFlags, ResponseDone } from '@rampkit/core/http';
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
  // A listener on the raw response rather than onResponse and onRequestAbort hooks: those would run
  // Fastify's response timing and hook runners on every request, tracked flags or not.
  onResponseDone(reply, flags, done) {
    reply.raw.on('close', closeListener(flags, done));
  },
};

/**
 * Node emits `'close'` on the raw response after `'finish'` once the response is sent, and alone when
 * the connection closes first; with HTTP/2 likewise.
 */
function closeListener(flags: RequestFlags, done: ResponseDone): (this: FastifyReply['raw']) => void {
  return function onClose(this: FastifyReply['raw']): void {
    done(flags, this.statusCode, !this.writableEnded);
  };
}
