import type { HttpAdapter, RequestFlags, ResponseDone } from '@rampkit/core/http';
import type { Request, Response } from 'express';

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
    res.on('close', closeListener(flags, done));
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
