/**
 * What an adapter tells HttpFlags about its framework: how to read a request and write a response.
 * One constant object per adapter, so a request costs no extra allocation.
 */
export interface HttpAdapter<Req, Res> {
  /** A request header by lower-case name (the first value when repeated). */
  header(req: Req, name: string): string | undefined;
  /** The client's address, honouring the framework's trust-proxy setting. */
  remoteAddress(req: Req): string | undefined;
  /** Whether the request arrived over HTTPS, honouring the framework's trust-proxy setting. */
  secure(req: Req): boolean;
  /** Sets a response header; does nothing once the headers have been sent. */
  setHeader(res: Res, name: string, value: string): void;
  /** Adds a `Set-Cookie` header, keeping any already set. */
  appendCookie(res: Res, cookie: string): void;
  /**
   * Milliseconds since the request began, for frameworks that time requests themselves (saves two
   * clock reads per request). Without it, HttpFlags times from `begin` to `finish`.
   */
  elapsedMs?(res: Res): number;
}

/** Counters an application may export to its monitoring. */
export interface HttpStats {
  /** Requests served with a verified QA override. */
  overridesApplied: number;
  /** Override values ignored: bad or missing signature, expired, wrong unit, unit not allowed. */
  overridesRejected: number;
  /** Requests whose context function threw or returned something other than an object. */
  contextErrors: number;
  /** Outcomes passed to `client.record` (one per tracked flag served per request). */
  outcomesRecorded: number;
}
