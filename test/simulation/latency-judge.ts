import { rampkitPolicy } from '@rampkit/rollout/simulation';

/**
 * Rampkit's judge with only the latency comparison on (10% tolerance), looking every 10 s: what the
 * latency scenarios check, so that no error-rate verdict decides them.
 */
export function latencyOnlyJudge() {
  return rampkitPolicy({
    intervalSeconds: 10,
    settings: { compareErrorRate: { enabled: false }, compareLatency: { tolerance: 0.1 } },
  });
}
