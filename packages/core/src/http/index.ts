/**
 * @rampkit/core/http — the framework-neutral request logic behind @rampkit/express and
 * @rampkit/fastify. Applications use those packages; this entry is for adapter authors, plus
 * `signOverride` for tools that mint QA override tokens. Kept out of the main entry because it
 * needs `node:crypto` (HMAC, random ids).
 */

export type { HttpAdapter, HttpStats, ResponseDone } from './adapter.js';
export type { CanaryHandlers } from './canary.js';
export { checkCanaryHandlers, selectCanaryHandler } from './canary.js';
export { HttpFlags } from './http-flags.js';
export type { AnonymousCookieOptions, HttpFlagsOptions, OutcomeInput, OverrideOptions } from './options.js';
export type { SignOverrideOptions } from './override-token.js';
export { signOverride } from './override-token.js';
export type { RequestFlags } from './request-flags.js';
export { markThrown } from './request-flags.js';
export type { RequestHeaders } from './request-headers.js';
export type { NodeResponse } from './response-end.js';
export { watchResponseEnd } from './response-end.js';
