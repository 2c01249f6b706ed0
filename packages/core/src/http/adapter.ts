import type { RequestFlags } from './request-flags.js';
import type { RequestHeaders } from './request-headers.js';

/** What `HttpAdapter.onResponseDone` calls when a response is over. */
export type ResponseDone = (flags: RequestFlags, status: number, aborted: boolean) => void;

/**
 * What an adapter tells HttpFlags about its framework: how to read a request and write a response.
 * One constant object per adapter, so a request costs no extra allocation.
 */
export interface HttpAdapter<Req, Res> {
  /**
   * The request's headers by lower-case name. Read once per request: on Express every property read
   * on `req` is a slow lookup (its prototype is swapped per request).
   */
  headers(req: Req): RequestHeaders;
  /** The client's address, honouring the framework's trust-proxy setting; `headers` are `headers(req)`. */
  remoteAddress(req: Req, headers: RequestHeaders): string | undefined;
  /** Whether the request arrived over HTTPS, honouring the framework's trust-proxy setting. */
  secure(req: Req): boolean;
  /** Sets a response header; does nothing once the headers have been sent. */
  setHeader(res: Res, name: string, value: string): void;
  /** Adds a `Set-Cookie` header, keeping any already set. */
  appendCookie(res: Res, cookie: string): void;
  /**
   * Calls `done(flags, status, aborted)` once the response is over: `aborted` is false when the
   * handler ended the response, true when the connection closed before it did (the client went away).
   * HttpFlags asks only for requests that serve a tracked flag, when the first one is served, so a
   * request that serves none pays for no listener. For Node's responses, `watchResponseEnd` does it.
   */
  onResponseDone(res: Res, flags: RequestFlags, done: ResponseDone): void;
}

/** Counters an application may export to its monitoring. */
export interface HttpStats {
  /** Requests served with a verified QA override. */
  overridesApplied: number;
  /** Override values ignored: bad or missing signature, expired, wrong unit, unit not allowed. */
  overridesRejected: number;
  /**
   * Unit ids sent by a client and refused: a user-id header longer than `maxUnitIdLength` (the
   * request is served as anonymous), or an anonymous-id cookie not of the shape Rampkit mints (it is
   * replaced by a new id).
   */
  unitIdsRefused: number;
  /** Requests whose context function threw or returned something other than an object. */
  contextErrors: number;
  /** Outcomes passed to `client.record` (one per tracked flag served per request). */
  outcomesRecorded: number;
}
