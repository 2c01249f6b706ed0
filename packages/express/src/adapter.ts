import { type HttpAdapter, watchResponseEnd } from '@rampkit/core/http';
import type { Request, Response } from 'express';

// Express swaps the prototypes of `req` and `res` on every request, so they reach any middleware
// with a shape no inline cache has seen; `Reflect.get` looks a property up without the cache, several
// times cheaper than a missing one (bench/http/README.md).
const read = Reflect.get as <T>(target: object, key: string) => T;

/** Express (4 and 5) mapped onto Rampkit's framework-neutral request logic. */
export const expressAdapter: HttpAdapter<Request, Response> = {
  headers: (req) => read(req, 'headers'),
  // req.ip and req.secure honour the app's `trust proxy` setting. Without an X-Forwarded-For header
  // req.ip is the socket's address whatever that setting says, and reading it directly skips the
  // proxy-addr parse, which costs more than the rest of the context together.
  remoteAddress: (req, headers) =>
    headers['x-forwarded-for'] === undefined ? read<Request['socket']>(req, 'socket').remoteAddress : req.ip,
  secure: (req) => req.secure,
  setHeader(res, name, value) {
    if (!res.headersSent) res.setHeader(name, value);
  },
  appendCookie(res, cookie) {
    if (!res.headersSent) res.append('Set-Cookie', cookie);
  },
  onResponseDone(res, flags, done) {
    watchResponseEnd(res, flags, done);
  },
};
