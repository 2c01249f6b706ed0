/**
 * The example's flags: three canaries, each of a checkout route. The app splits them itself (the
 * weights below); a rollout controller elsewhere only judges them, through Prometheus.
 *
 *   checkout-healthy  the canary is as good as stable
 *   checkout-broken   the canary fails about a third of its requests
 *   checkout-silent   the canary is deployed nowhere yet: none of its requests are served or exported
 */
export const FLAGS = ['checkout-healthy', 'checkout-broken', 'checkout-silent'];

/** Canary share in percent the app serves, per flag. */
export const APP_SPLIT = { 'checkout-healthy': 50, 'checkout-broken': 50, 'checkout-silent': 0 };

export function flagsConfig(split = APP_SPLIT) {
  return {
    flags: FLAGS.map((key) => ({
      key,
      kind: 'canary',
      variations: { stable: 'v1', canary: 'v2' },
      offVariation: 'stable',
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: (split[key] ?? 0) * 100 },
            { variation: 'stable', weight: 10_000 - (split[key] ?? 0) * 100 },
          ],
        },
      },
    })),
  };
}

/** PromQL for the rollout's `analysis.source.prometheus.queries`: Rampkit's own series, per arm. */
export const QUERIES = {
  requests: 'sum(increase(rampkit_requests_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
  errors:
    'sum(increase(rampkit_request_errors_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}])) or sum(increase(rampkit_requests_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}])) * 0',
  latencyBuckets:
    'sum by (le) (increase(rampkit_request_duration_seconds_bucket{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
};
