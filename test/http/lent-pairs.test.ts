import { type ArmMetrics, createClient, MemoryStore, type RampkitClient } from '@rampkit/core';
import { type HttpAdapter, HttpFlags, type RequestFlags } from '@rampkit/core/http';
import { registerRampkitMetrics } from '@rampkit/prometheus';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { armsOf, testFlags } from '../support/http-adapters.js';

/** A request, and the response whose `end(status)` is the adapter's end of it. */
interface Request {
  headers: Record<string, string>;
}
interface Response {
  end?: (status: number) => void;
}

const adapter: HttpAdapter<Request, Response> = {
  headers: (req) => req.headers,
  remoteAddress: () => '127.0.0.1',
  secure: () => false,
  setHeader() {},
  appendCookie() {},
  onResponseDone(res, flags: RequestFlags, done) {
    res.end = (status) => done(flags, status, false);
  },
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A unit `client` serves `variation` of `payments` to. */
function unitServed(client: RampkitClient, variation: string): string {
  for (let i = 0; ; i++) {
    if (client.evaluate('payments', { targetingKey: `user-${i}` }).variation === variation)
      return `user-${i}`;
  }
}

/** `rampkit_requests_total` and `rampkit_request_errors_total` per `flag/variation`, as Prometheus would scrape them. */
async function scraped(registry: Registry): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const metric of await registry.getMetricsAsJSON()) {
    if (metric.name !== 'rampkit_requests_total' && metric.name !== 'rampkit_request_errors_total') continue;
    for (const { labels, value } of metric.values) {
      if (value > 0) counts[`${metric.name} ${labels.flag}/${labels.variation}`] = value;
    }
  }
  return counts;
}

const counts = (arms: Record<string, ArmMetrics>) =>
  Object.fromEntries(Object.entries(arms).map(([arm, m]) => [arm, [m.requests, m.errors]]));

describe("a request's tracked pairs and outcome are lent to recordAll for the call only", () => {
  it('the metrics store and the Prometheus exporter count each request as it was, though the next one reuses them', async () => {
    const store = new MemoryStore();
    const client = createClient({ flags: testFlags(50), store, flushIntervalMs: 600_000 });
    cleanups.push(() => client.close());
    const registry = new Registry();
    const exporter = registerRampkitMetrics(client, { registry });
    cleanups.push(() => exporter.unregister());
    const http = new HttpFlags(client, adapter, {});
    const canary = unitServed(client, 'canary');
    const stable = unitServed(client, 'stable');

    // Interleaved as a server's requests are: each finished request's pairs array and outcome go to
    // the next, which writes over them; a consumer that kept them would count the later request twice.
    const serve = (unit: string) => {
      const res: Response = {};
      const flags = http.begin({ headers: { 'x-user-id': unit } }, res);
      flags.variation('payments');
      return res;
    };
    const first = serve(canary);
    const second = serve(stable);
    first.end!(503);
    const third = serve(stable);
    second.end!(200);
    third.end!(200);
    const fourth = serve(canary);
    fourth.end!(200);

    expect(counts(await armsOf(client, 'payments'))).toEqual({ canary: [2, 1], stable: [2, 0] });
    expect(await scraped(registry)).toEqual({
      'rampkit_requests_total payments/canary': 2,
      'rampkit_requests_total payments/stable': 2,
      'rampkit_request_errors_total payments/canary': 1,
    });
  });
});
