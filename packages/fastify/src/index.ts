/**
 * @rampkit/fastify — Rampkit for Fastify 5.
 *
 * ```js
 * await fastify.register(rampkit, { client });
 * fastify.get('/pay', canary('payments-v2', { stable: payV1, canary: payV2 }));
 * fastify.get('/', (request) => (request.flags.isEnabled('new-home') ? 'new' : 'old'));
 * ```
 * Importing this package also types `request.flags` on `FastifyRequest` and `fastify.rampkit` on
 * `FastifyInstance`. Everything else (the client, flags, stores) comes from @rampkit/core.
 */
import './augment.js';
import { rampkit } from './plugin.js';

export { rampkit };
export default rampkit;
export type {
  AnonymousCookieOptions,
  CanaryHandlers,
  HttpStats,
  OutcomeInput,
  OverrideOptions,
  RequestFlags,
  SignOverrideOptions,
} from '@rampkit/core/http';
export { signOverride } from '@rampkit/core/http';
export type { RampkitFastifyDecoration } from './augment.js';
export { canary } from './canary.js';
export type { RampkitFastifyOptions } from './plugin.js';
