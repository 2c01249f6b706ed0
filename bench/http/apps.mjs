/**
 * The six servers the benchmark compares, all answering GET / with "hello world":
 * - bare: the framework alone;
 * - trivial: plus one middleware/hook that reads a header, hashes it and sets a request property;
 * - rampkit: plus Rampkit, the handler evaluating three flags (two tracked, so two outcomes are
 *   recorded per request). Rampkit's counters are exposed as `stats()` for run.mjs's sanity check.
 *
 * With `--diagnose`, four more per framework take part in the side-by-side phase, to tell where
 * Rampkit's cost is and how far below it the same work could go:
 * - rampkit-hook: Rampkit registered, the handler serving no flag (the per-request set-up alone);
 * - rampkit-untracked: the three evaluations with no flag tracked (no listener, no outcome);
 * - floor: the least code doing the work the rampkit server does for these requests (see `floor`);
 * - floor-full: the floor plus what the issue and DESIGN.md ask of every request that the floor leaves
 *   out: the remote address and user agent in the context, a latency histogram per (flag, variation).
 * - exporter: the rampkit server with @rampkit/prometheus's series registered (never scraped here):
 *   what the exporter costs a request.
 * - growthbook: the same three flags served per request by GrowthBook's `GrowthBookClient` (a
 *   scoped instance per request, as its docs write server middleware), the outcomes recorded as
 *   cheaply as floor-full records them: a middleware built on the fastest peer.
 * - growthbook-close: the same, recording with a `'close'` listener per response, as applications
 *   write it.
 */
import { createServer } from 'node:http';
import { GrowthBookClient } from '@growthbook/growthbook';
import { createClient, LatencyHistogram, murmur3 } from '@rampkit/core';
import { watchResponseEnd } from '@rampkit/core/http';
import { rampkit as rampkitExpress } from '@rampkit/express';
import { rampkit as rampkitFastify } from '@rampkit/fastify';
import { registerRampkitMetrics } from '@rampkit/prometheus';
import express from 'express';
import Fastify from 'fastify';
import { Registry } from 'prom-client';

export const FRAMEWORKS = ['express', 'fastify'];
export const VARIANTS = ['bare', 'trivial', 'rampkit'];
export const DIAGNOSTIC_VARIANTS = [
  'rampkit-hook',
  'rampkit-untracked',
  'floor',
  'floor-full',
  'exporter',
  'growthbook',
  'growthbook-close',
];

/** Three flags: a tracked 50/50 boolean, a canary at 20% and an untracked string flag. */
export const FLAGS = {
  flags: [
    {
      key: 'new-checkout',
      track: true,
      variations: { on: true, off: false },
      offVariation: 'off',
      fallthrough: {
        split: {
          weights: [
            { variation: 'on', weight: 5000 },
            { variation: 'off', weight: 5000 },
          ],
        },
      },
    },
    {
      key: 'payments-v2',
      kind: 'canary',
      variations: { canary: 'v2', stable: 'v1' },
      offVariation: 'stable',
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: 2000 },
            { variation: 'stable', weight: 8000 },
          ],
        },
      },
    },
    {
      key: 'banner',
      variations: { a: 'Hello', b: 'Hi' },
      offVariation: 'a',
      fallthrough: { variation: 'b' },
    },
  ],
};

/**
 * Logged-in traffic as autocannon sends it: every request names one of 64 users in `x-user-id`, as
 * the trivial middleware expects. run.mjs and count.mjs load the servers with it.
 */
export const USER_REQUESTS = Array.from({ length: 64 }, (_, i) => ({
  method: 'GET',
  headers: { 'x-user-id': `user-${i}` },
}));

/** FLAGS with no flag tracked, the canary included: evaluations without outcomes. */
const UNTRACKED_FLAGS = { flags: FLAGS.flags.map((flag) => ({ ...flag, track: false })) };

/**
 * The client of a Rampkit server. `RAMPKIT_BENCH_FLUSH_MS` stretches the metrics flush interval for
 * count.mjs: under valgrind a server answers a hundred times fewer requests per second, so the 5 s
 * flush would run a hundred times as often per request as it does in a timed run.
 */
function benchClient(flags, variant) {
  const flushIntervalMs = Number(process.env.RAMPKIT_BENCH_FLUSH_MS) || undefined;
  const client = createClient({ flags, flushIntervalMs });
  if (variant === 'exporter') registerRampkitMetrics(client, { registry: new Registry() });
  return client;
}

function hashHeader(value) {
  return murmur3(typeof value === 'string' ? value : '', 0);
}

/**
 * The floor: what the rampkit server does for these requests, written as cheaply as it can be and
 * no more. The unit from the header, the start time, the two split flags placed by MurmurHash3
 * (the third flag serves one variation to everyone: a constant), and when the response is over, a
 * count per (flag, variation) of requests, errors and aborts, with the latency summed. It has none of
 * Rampkit's generality: no context, no memo, no rules, no latency histogram, no time windows. It
 * watches the response's end as Rampkit does, with core's `watchResponseEnd`: the cheapest way found
 * (LOG.md, "The floor was set high").
 */
const floorCounts = new Float64Array(16);

class FloorRequest {
  constructor(startedAt) {
    this.startedAt = startedAt;
    this.arms = 0;
  }
}

function floorPlace(state, unit) {
  const checkout = murmur3(unit, 1) % 10_000 < 5_000 ? 1 : 0;
  const canary = murmur3(unit, 2) % 10_000 < 2_000 ? 2 : 0;
  state.arms = checkout | canary;
}

function floorDone(state, status, aborted) {
  const arms = state.arms;
  const latencyMs = performance.now() - state.startedAt;
  const kind = aborted ? 2 : status >= 500 ? 1 : 0;
  floorCounts[(arms & 1) * 4 + kind] += 1;
  floorCounts[8 + (arms & 2) * 2 + kind] += 1;
  if (kind !== 2) floorCounts[3 + (arms & 1) * 4] += latencyMs;
  if (kind !== 2) floorCounts[11 + (arms & 2) * 2] += latencyMs;
}

/**
 * The full floor: the floor plus the rest of what the issue and DESIGN.md ask of every request that
 * the floor leaves out. The context holds the remote address and the user agent as well as the unit,
 * and each (flag, variation) keeps a latency histogram (core's `LatencyHistogram`, the mergeable one
 * the rollout controller reads quantiles from) where the floor keeps a sum. Still no memo, no rules,
 * no lookup by key, no time windows: a lower bound for any implementation of the issue.
 */
class FullFloorRequest {
  constructor(startedAt, unit, ip, userAgent) {
    this.startedAt = startedAt;
    this.unit = unit;
    this.ip = ip;
    this.userAgent = userAgent;
    this.arms = 0;
  }
}

const fullFloorCounts = new Float64Array(12);
const fullFloorLatency = Array.from({ length: 4 }, () => new LatencyHistogram());

function fullFloorDone(state, status, aborted) {
  const arms = state.arms;
  const kind = aborted ? 2 : status >= 500 ? 1 : 0;
  fullFloorCounts[(arms & 1) * 3 + kind] += 1;
  fullFloorCounts[6 + (arms >> 1) * 3 + kind] += 1;
  if (kind === 2) return;
  const latencyMs = performance.now() - state.startedAt;
  fullFloorLatency[arms & 1].record(latencyMs);
  fullFloorLatency[2 + (arms >> 1)].record(latencyMs);
}

/**
 * FLAGS as GrowthBook features: the 50/50 boolean and the 20% canary as experiment rules hashed on
 * the user id, the string flag a constant. Without `streaming` or `pollingInterval` the client starts
 * no background sync.
 */
const growthbook = new GrowthBookClient().initSync({
  payload: {
    features: {
      'new-checkout': {
        defaultValue: false,
        rules: [{ key: 'new-checkout', variations: [true, false], weights: [0.5, 0.5], hashAttribute: 'id' }],
      },
      'payments-v2': {
        defaultValue: 'v1',
        rules: [{ key: 'payments-v2', variations: ['v2', 'v1'], weights: [0.2, 0.8], hashAttribute: 'id' }],
      },
      banner: { defaultValue: 'Hi' },
    },
  },
});

/** What floor-full's context holds, as GrowthBook attributes: a scoped instance for the request. */
function growthbookScope(headers, ip) {
  return growthbook.createScopedInstance({
    attributes: { id: unitOf(headers), ip, userAgent: headers['user-agent'] },
  });
}

/** The three flags served by GrowthBook; the two split ones give the arms floor-full records by. */
function growthbookServe(gb) {
  const checkout = gb.isOn('new-checkout') ? 1 : 0;
  const canary = gb.getFeatureValue('payments-v2', 'v1') === 'v2' ? 2 : 0;
  gb.getFeatureValue('banner', 'Hello');
  return checkout | canary;
}

/** Records as floor-full does, from a `'close'` listener of the response's own. */
function recordOnClose(res, startedAt, arms) {
  res.on('close', () => {
    const kind = !res.writableFinished ? 2 : res.statusCode >= 500 ? 1 : 0;
    fullFloorCounts[(arms & 1) * 3 + kind] += 1;
    fullFloorCounts[6 + (arms >> 1) * 3 + kind] += 1;
    if (kind === 2) return;
    const latencyMs = performance.now() - startedAt;
    fullFloorLatency[arms & 1].record(latencyMs);
    fullFloorLatency[2 + (arms >> 1)].record(latencyMs);
  });
}

function unitOf(headers) {
  const unit = headers['x-user-id'];
  return typeof unit === 'string' ? unit : '';
}

function serveThree(flags) {
  flags.isEnabled('new-checkout');
  flags.variation('payments-v2');
  flags.value('banner', 'Hello');
}

function expressApp(variant) {
  const app = express();
  app.disable('x-powered-by');
  let stats = null;
  if (variant === 'trivial') {
    app.use((req, _res, next) => {
      req.unitHash = hashHeader(req.headers['x-user-id']);
      next();
    });
  }
  if (variant === 'floor') {
    app.use((req, _res, next) => {
      req.floor = new FloorRequest(performance.now());
      next();
    });
    app.get('/', (req, res) => {
      floorPlace(req.floor, unitOf(req.headers));
      watchResponseEnd(res, req.floor, floorDone);
      res.send('hello world');
    });
    return { app, stats };
  }
  if (variant === 'floor-full') {
    app.use((req, _res, next) => {
      const headers = req.headers;
      req.floor = new FullFloorRequest(performance.now(), unitOf(headers), req.ip, headers['user-agent']);
      next();
    });
    app.get('/', (req, res) => {
      floorPlace(req.floor, req.floor.unit);
      watchResponseEnd(res, req.floor, fullFloorDone);
      res.send('hello world');
    });
    return { app, stats };
  }
  if (variant === 'growthbook' || variant === 'growthbook-close') {
    app.use((req, _res, next) => {
      const headers = req.headers;
      req.gb = growthbookScope(headers, req.ip);
      req.floor = new FloorRequest(performance.now());
      next();
    });
    app.get('/', (req, res) => {
      const arms = growthbookServe(req.gb);
      if (variant === 'growthbook') {
        req.floor.arms = arms;
        watchResponseEnd(res, req.floor, fullFloorDone);
      } else recordOnClose(res, req.floor.startedAt, arms);
      res.send('hello world');
    });
    return { app, stats };
  }
  if (variant.startsWith('rampkit') || variant === 'exporter') {
    const flags = variant === 'rampkit-untracked' ? UNTRACKED_FLAGS : FLAGS;
    const middleware = rampkitExpress(benchClient(flags, variant));
    stats = middleware.stats;
    app.use(middleware);
    app.get('/', (req, res) => {
      if (variant !== 'rampkit-hook') serveThree(req.flags);
      res.send('hello world');
    });
    return { app, stats };
  }
  app.get('/', (_req, res) => {
    res.send('hello world');
  });
  return { app, stats };
}

async function fastifyApp(variant) {
  const app = Fastify({ logger: false });
  if (variant === 'trivial') {
    app.decorateRequest('unitHash', 0);
    app.addHook('onRequest', (request, _reply, done) => {
      request.unitHash = hashHeader(request.headers['x-user-id']);
      done();
    });
  }
  if (variant === 'floor') {
    app.decorateRequest('floor', null);
    app.addHook('onRequest', (request, _reply, done) => {
      request.floor = new FloorRequest(performance.now());
      done();
    });
    app.get('/', (request, reply) => {
      floorPlace(request.floor, unitOf(request.headers));
      watchResponseEnd(reply.raw, request.floor, floorDone);
      reply.send('hello world');
    });
    return app;
  }
  if (variant === 'floor-full') {
    app.decorateRequest('floor', null);
    app.addHook('onRequest', (request, _reply, done) => {
      const headers = request.headers;
      request.floor = new FullFloorRequest(
        performance.now(),
        unitOf(headers),
        request.ip,
        headers['user-agent'],
      );
      done();
    });
    app.get('/', (request, reply) => {
      floorPlace(request.floor, request.floor.unit);
      watchResponseEnd(reply.raw, request.floor, fullFloorDone);
      reply.send('hello world');
    });
    return app;
  }
  if (variant === 'growthbook' || variant === 'growthbook-close') {
    app.decorateRequest('gb', null);
    app.decorateRequest('floor', null);
    app.addHook('onRequest', (request, _reply, done) => {
      request.gb = growthbookScope(request.headers, request.ip);
      request.floor = new FloorRequest(performance.now());
      done();
    });
    app.get('/', (request, reply) => {
      const arms = growthbookServe(request.gb);
      if (variant === 'growthbook') {
        request.floor.arms = arms;
        watchResponseEnd(reply.raw, request.floor, fullFloorDone);
      } else recordOnClose(reply.raw, request.floor.startedAt, arms);
      reply.send('hello world');
    });
    return app;
  }
  if (variant.startsWith('rampkit') || variant === 'exporter') {
    const flags = variant === 'rampkit-untracked' ? UNTRACKED_FLAGS : FLAGS;
    await app.register(rampkitFastify, { client: benchClient(flags, variant) });
    app.get('/', (request, reply) => {
      if (variant !== 'rampkit-hook') serveThree(request.flags);
      reply.send('hello world');
    });
    return app;
  }
  app.get('/', (_request, reply) => {
    reply.send('hello world');
  });
  return app;
}

/** Starts one server on 127.0.0.1: its port, and Rampkit's counters when it runs Rampkit. */
export async function startApp(framework, variant) {
  if (framework === 'express') {
    const { app, stats } = expressApp(variant);
    const server = createServer(app);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: server.address().port, stats: stats && (() => ({ ...stats })) };
  }
  const app = await fastifyApp(variant);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const stats =
    variant.startsWith('rampkit') || variant === 'exporter' ? () => ({ ...app.rampkit.stats }) : null;
  return { port: app.server.address().port, stats };
}
