/**
 * @rampkit/openfeature — Rampkit as an OpenFeature server provider (`@openfeature/server-sdk`).
 *
 * Held back on purpose: the context, result and event mappings (documented in docs/openfeature.md,
 * free to change in their implementation).
 */

export type { RampkitProviderOptions } from './options.js';
export { RampkitProvider } from './provider.js';
export type { DisabledValue } from './resolution.js';
export { DEFAULT_TRACKING_EVENTS } from './tracking.js';
