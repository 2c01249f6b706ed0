import type { HttpAdapter } from '@rampkit/core/http';
import type { Request, Response } from 'express';

/** Express (4 and 5) mapped onto Rampkit's framework-neutral request logic. */
export const expressAdapter: HttpAdapter<Request, Response> = {
  header(req, name) {
    const value = req.headers[name];
    return typeof value === 'string' ? value : value?.[0];
  },
  // req.ip and req.secure honour the app's `trust proxy` setting. Without an X-Forwarded-For header
  // req.ip is the socket's address whatever that setting says, and reading it directly skips the
  // proxy-addr parse, which costs more than the rest of the context together.
  remoteAddress: (req) => (req.headers['x-forwarded-for'] === undefined ? req.socket.remoteAddress : req.ip),
  secure: (req) => req.secure,
  setHeader(res, name, value) {
    if (!res.headersSent) res.setHeader(name, value);
  },
  appendCookie(res, cookie) {
    if (!res.headersSent) res.append('Set-Cookie', cookie);
  },
};
