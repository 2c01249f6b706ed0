import type { EvaluationContext } from '../model/types.js';

/** The anonymous-id cookie that keeps a visitor without a user id in the same arm across requests. */
export interface AnonymousCookieOptions {
  /** Cookie name. @default 'rampkit_id' */
  name?: string;
  /** Lifetime in seconds. @default 31536000 (one year) */
  maxAge?: number;
  /** Cookie path. @default '/' */
  path?: string;
  /** Cookie domain, for sharing the id across subdomains. @default none (the request's host) */
  domain?: string;
}

/**
 * QA overrides: force a variation by header or cookie. A value is accepted only when it is signed
 * with one of `secrets` (make tokens with `signOverride`) or when the request's unit id is in
 * `allowUnits`; anything else is ignored and counted in `stats.overridesRejected`.
 */
export interface OverrideOptions {
  /** HMAC-SHA256 keys; the first signs, all verify (rotate by prepending a new one). @default none */
  secrets?: readonly string[];
  /**
   * Unit ids that may send unsigned overrides (`flag=variation&other=variation`). The unit id comes
   * from the request, so this is as strong as that id: use it behind a `context` function that takes
   * the id from a verified session, not with a client-chosen header. @default none
   */
  allowUnits?: readonly string[];
  /** Request header read for an override. @default 'x-rampkit-override' */
  header?: string;
  /** Cookie read for an override when the header is absent; `false` reads none. @default 'rampkit_override' */
  cookie?: string | false;
}

/** What a finished request looked like, for `isError`. */
export interface OutcomeInput {
  /** The response status code. */
  status: number;
  /** The handler threw or rejected (as the framework reported it). */
  threw: boolean;
  /** What it threw, when `threw`. */
  error: unknown;
}

/** Options shared by the Express middleware and the Fastify plugin. `Req` is the framework's request. */
export interface HttpFlagsOptions<Req> {
  /**
   * Builds the evaluation context. It receives the defaults (`targetingKey` from the user-id header or
   * the anonymous cookie, `ip`, `userAgent`) and may return them extended or replaced. A context without
   * a `targetingKey` gets the anonymous id. If it throws, the defaults are used and the client emits
   * `error`. @default the defaults as they are
   */
  context?: (req: Req, defaults: EvaluationContext) => EvaluationContext;
  /** Request header holding the user id; `false` reads none. @default 'x-user-id' */
  userIdHeader?: string | false;
  /**
   * The longest user id taken from `userIdHeader`, in characters. A longer one is refused as an id:
   * the request is served as an anonymous visitor and counted in `stats.unitIdsRefused`. The client
   * chooses this header, and the client's exposure de-duplication and events carry the id.
   * @throws at construction for anything but a positive whole number. @default 256
   */
  maxUnitIdLength?: number;
  /** The anonymous-id cookie; `false` sets and reads none. @default { name: 'rampkit_id', maxAge: 31536000 } */
  cookie?: AnonymousCookieOptions | false;
  /** Which statuses count as errors. @default status >= 500 */
  errorStatus?: (status: number) => boolean;
  /**
   * Full control over what counts as an error; overrides `errorStatus`.
   * @default a status that `errorStatus` accepts, or a thrown error other than one carrying a 4xx status
   */
  isError?: (outcome: OutcomeInput) => boolean;
  /**
   * A response header listing the variations served (`flag=variation, …`); `true` names it
   * `x-rampkit-variations`. Keys and names that a header cannot carry as they are (past ASCII, a
   * space, `%`, `,`, `=`) are percent-encoded as UTF-8: `decodeURIComponent` gives them back.
   * @throws at construction for a string that is not a valid header name. @default false
   */
  variationsHeader?: boolean | string;
  /** QA overrides; off unless given. @default false */
  overrides?: OverrideOptions | false;
}
