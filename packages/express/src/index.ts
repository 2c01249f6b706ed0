/**
 * @rampkit/express — Rampkit for Express 4 and 5.
 *
 * ```js
 * app.use(rampkit(client));
 * app.get('/pay', canary('payments-v2', { stable: payV1, canary: payV2 }));
 * app.get('/', (req, res) => res.send(req.flags.isEnabled('new-home') ? 'new' : 'old'));
 * ```
 * Importing this package also types `req.flags` on Express's `Request`. Everything else (the client,
 * flags, stores) comes from @rampkit/core.
 */
import './augment.js';

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
export { canary } from './canary.js';
export type { RampkitExpressOptions, RampkitMiddleware } from './middleware.js';
export { rampkit } from './middleware.js';
