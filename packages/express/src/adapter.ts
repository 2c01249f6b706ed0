import { EventEmitter } from 'node:events';
import type { HttpAdapter, RequestFlags, ResponseDone } from '@rampkit/core/http';
import type { Request, Response } from 'express';

// Node's responses inherit `on` from EventEmitter without overriding it. Calling it directly skips
// looking `res.on` up: Express gives `res` a new hidden class on every request, so that lookup is a
// miss that V8 resolves in its runtime, walking five prototypes.
const addListener = EventEmitter.prototype.on;

/** Express (4 and 5) mapped onto Rampkit's framework-neutral request logic. */
export const expressAdapter: HttpAdapter<Request, Response> = {
  headers: (req) => req.headers,
  // req.ip and req.secure honour the app's `trust proxy` setting. Without an X-Forwarded-For header
  // req.ip is the socket's address whatever that setting says, and reading it directly skips the
  // proxy-addr parse, which costs more than the rest of the context together.
  remoteAddress: (req, headers) =>
    headers['x-forwarded-for'] === undefined ? req.socket.remoteAddress : req.ip,
  secure: (req) => req.secure,
  setHeader(res, name, value) {
    if (!res.headersSent) res.setHeader(name, value);
  },
  appendCookie(res, cookie) {
    if (!res.headersSent) res.append('Set-Cookie', cookie);
  },
  onResponseDone(res, flags, done) {
    addListener.call(res, 'close', closeListener(flags, done));
  },
};

/**
 * One `'close'` listener serves both ends of a response: Node emits `'close'` after `'finish'` once
 * the response is sent, and alone when the connection closes first.
 */
function closeListener(flags: RequestFlags, done: ResponseDone): (this: Response) => void {
  return function onClose(this: Response): void {
    done(flags, this.statusCode, !this.writableEnded);
  };
}
