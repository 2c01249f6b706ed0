#!/usr/bin/env bash
# Smoke tests: the service answers, and both versions of checkout answer when forced.
# Usage: deploy/smoke-test.sh https://staging.checkout.example.com
set -euo pipefail
base="${1:?usage: smoke-test.sh BASE_URL}"
curl --fail --silent --show-error --max-time 10 "$base/healthz" > /dev/null
for attempt in 1 2 3 4 5; do
  status=$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 10 \
    -H "x-user-id: smoke-test-$attempt" "$base/checkout/quote?sku=demo")
  if [ "$status" -ge 500 ]; then
    echo "smoke test failed: GET /checkout/quote answered $status" >&2
    exit 1
  fi
done
echo "smoke tests passed against $base"
