import { trace } from '@opentelemetry/api';
import type { RampkitClient } from '@rampkit/core';
import { evaluationAttributes, FEATURE_FLAG_EVALUATION } from './attributes.js';

export interface InstrumentClientOptions {
  /** `feature_flag.provider.name` of every event. @default 'Rampkit' */
  providerName?: string;
  /**
   * Adds `feature_flag.result.value`. Off by default: a flag's value may be large or private, and
   * the variant names it. @default false
   */
  includeValue?: boolean;
}

/**
 * Records each flag evaluation of `client` as a `feature_flag.evaluation` event on the span active
 * when it happens, with the attributes of OpenTelemetry's semantic conventions for feature flags.
 * Without an active recording span (no SDK registered, or outside any span) nothing is built.
 * Returns the function that stops it.
 */
export function instrumentClient(client: RampkitClient, options: InstrumentClientOptions = {}): () => void {
  const providerName = options.providerName ?? 'Rampkit';
  const includeValue = options.includeValue === true;
  return client.observe({
    evaluated(result) {
      const span = trace.getActiveSpan();
      if (span === undefined || !span.isRecording()) return;
      span.addEvent(FEATURE_FLAG_EVALUATION, evaluationAttributes(result, providerName, includeValue));
    },
  });
}
