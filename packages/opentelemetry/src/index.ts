/**
 * @rampkit/opentelemetry — Rampkit's flag evaluations and rollout transitions as OpenTelemetry span
 * events, after the semantic conventions for feature flags.
 */
export {
  ATTR_KEY,
  ATTR_PROVIDER_NAME,
  ATTR_RESULT_REASON,
  ATTR_RESULT_VARIANT,
  FEATURE_FLAG_EVALUATION,
} from './attributes.js';
export type { InstrumentClientOptions } from './instrument-client.js';
export { instrumentClient } from './instrument-client.js';
export type { ControllerLike, TransitionLike } from './instrument-controller.js';
export { instrumentController, ROLLOUT_TRANSITION } from './instrument-controller.js';
