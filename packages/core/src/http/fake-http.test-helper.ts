import type { HttpAdapter } from './adapter.js';
import type { RequestFlags } from './request-flags.js';

/** A request as the fake adapter sees it. */
export interface FakeRequest {
  headers: Record<string, string>;
  ip?: string;
  secure?: boolean;
}

/** What a handler wrote through the fake adapter. */
export interface FakeResponse {
  headers: Map<string, string>;
  cookies: string[];
  sent: boolean;
  /** What `onResponseDone` registered: ends the response as the framework would. */
  done: ((status: number, aborted: boolean) => void)[];
}

export function fakeResponse(): FakeResponse {
  return { headers: new Map(), cookies: [], sent: false, done: [] };
}

/** Ends `res` as the framework would: runs what was registered to run when the response is over. */
export function endResponse(res: FakeResponse, status: number, aborted = false): void {
  for (const done of res.done.splice(0)) done(status, aborted);
}

export const fakeAdapter: HttpAdapter<FakeRequest, FakeResponse> = {
  headers: (req) => req.headers,
  remoteAddress: (req) => req.ip,
  secure: (req) => req.secure === true,
  setHeader: (res, name, value) => {
    if (!res.sent) res.headers.set(name, value);
  },
  appendCookie: (res, cookie) => {
    res.cookies.push(cookie);
  },
  onResponseDone: (res, flags: RequestFlags, done) => {
    res.done.push((status, aborted) => done(flags, status, aborted));
  },
};
