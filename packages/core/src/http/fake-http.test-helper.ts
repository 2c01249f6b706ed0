import type { HttpAdapter } from './adapter.js';

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
}

export function fakeResponse(): FakeResponse {
  return { headers: new Map(), cookies: [], sent: false };
}

export const fakeAdapter: HttpAdapter<FakeRequest, FakeResponse> = {
  header: (req, name) => req.headers[name],
  remoteAddress: (req) => req.ip,
  secure: (req) => req.secure === true,
  setHeader: (res, name, value) => {
    if (!res.sent) res.headers.set(name, value);
  },
  appendCookie: (res, cookie) => {
    res.cookies.push(cookie);
  },
};
