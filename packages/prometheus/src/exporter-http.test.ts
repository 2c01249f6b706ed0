import { createClient, type RampkitClient } from '@rampkit/core';
import { canary as expressCanary, rampkit as expressRampkit } from '@rampkit/express';
import { canary as fastifyCanary, rampkit as fastifyRampkit } from '@rampkit/fastify';
import express from 'express';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { armsOf, testFlags } from '../../../test/support/http-adapters.js';
import { serve } from '../../express/src/serve.test-helper.js';
import { parseExposition, type Sample, sampleValue } from './exposition.test-helper.js';
import { registerRampkitMetrics } from './index.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newClient(percent: number): RampkitClient {
  const client = createClient({ flags: testFlags(percent) });
  cleanups.push(() => client.close());
  return client;
}

/** Serves /pay (canary: a 500 for users whose id ends in 7) with each framework; returns a GET per user. */
const frameworks: Record<string, (client: RampkitClient) => Promise<(user: string) => Promise<number>>> = {
  async Express(client) {
    const app = express();
    app.use(expressRampkit(client));
    app.get(
      '/pay',
      expressCanary('payments', {
        stable: (_req, res) => {
          res.send('v1');
        },
        canary: (req, res) => {
          res.status(String(req.headers['x-user-id']).endsWith('7') ? 500 : 200).send('v2');
        },
      }),
    );
    const server = await serve(app);
    cleanups.push(server.close);
    return async (user) => (await fetch(`${server.url}/pay`, { headers: { 'x-user-id': user } })).status;
  },
  async Fastify(client) {
    const fastify = Fastify();
    cleanups.push(() => fastify.close());
    await fastify.register(fastifyRampkit, { client });
    fastify.get(
      '/pay',
      fastifyCanary('payments', {
        stable: async () => 'v1',
        canary: async (request, reply) => {
          reply.code(String(request.headers['x-user-id']).endsWith('7') ? 500 : 200);
          return 'v2';
        },
      }),
    );
    return async (user) => (await fastify.inject({ url: '/pay', headers: { 'x-user-id': user } })).statusCode;
  },
};

async function scrape(registry: Registry): Promise<Sample[]> {
  return parseExposition(await registry.metrics());
}

describe.each(Object.keys(frameworks))(
  'the exporter after real requests through the %s middleware',
  (name) => {
    it('counts each arm as the middleware recorded it: requests, errors, and a duration histogram', async () => {
      const client = newClient(50);
      const registry = new Registry();
      const metrics = registerRampkitMetrics(client, { registry });
      cleanups.push(() => metrics.unregister());
      const get = await frameworks[name]!(client);
      for (let i = 0; i < 200; i += 1) await get(`user-${i}`);

      const samples = await scrape(registry);
      const recorded = await armsOf(client, 'payments');
      for (const variation of ['canary', 'stable']) {
        const arm = { flag: 'payments', variation };
        expect(sampleValue(samples, 'rampkit_requests_total', arm)).toBe(recorded[variation]!.requests);
        expect(sampleValue(samples, 'rampkit_request_errors_total', arm)).toBe(recorded[variation]!.errors);
        expect(sampleValue(samples, 'rampkit_request_duration_seconds_count', arm)).toBe(
          recorded[variation]!.requests,
        );
        expect(sampleValue(samples, 'rampkit_request_duration_seconds_bucket', { ...arm, le: '+Inf' })).toBe(
          recorded[variation]!.requests,
        );
        // The middleware's own latency record, in seconds: the same sum as the aggregator's milliseconds.
        expect(sampleValue(samples, 'rampkit_request_duration_seconds_sum', arm)).toBeCloseTo(
          recorded[variation]!.latency.sum / 1000,
          9,
        );
        expect(sampleValue(samples, 'rampkit_evaluations_total', arm)).toBe(recorded[variation]!.requests);
      }
      expect(sampleValue(samples, 'rampkit_requests_total', { variation: 'canary' })).toBeGreaterThan(50);
      expect(sampleValue(samples, 'rampkit_request_errors_total', { variation: 'canary' })).toBeGreaterThan(
        0,
      );
      expect(sampleValue(samples, 'rampkit_request_errors_total', { variation: 'stable' })).toBe(0);
      // Buckets are cumulative: each `le` counts at least what the one below does.
      const buckets = samples.filter(
        (s) => s.name === 'rampkit_request_duration_seconds_bucket' && s.labels.variation === 'stable',
      );
      expect(buckets.map((s) => s.labels.le)).toEqual([
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.1',
        '0.25',
        '0.5',
        '1',
        '2.5',
        '5',
        '10',
        '+Inf',
      ]);
      for (let i = 1; i < buckets.length; i += 1)
        expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    });

    it('keeps its label sets bounded: 10,000 distinct user ids make one series per arm', async () => {
      const client = newClient(50);
      const registry = new Registry();
      const metrics = registerRampkitMetrics(client, { registry });
      cleanups.push(() => metrics.unregister());
      const get = await frameworks[name]!(client);
      const users = 10_000;
      for (let i = 0; i < users; i += 50)
        await Promise.all(Array.from({ length: 50 }, (_, j) => get(`u-${i + j}`)));
      const samples = await scrape(registry);
      const requests = samples.filter((s) => s.name === 'rampkit_requests_total');
      expect(requests.map((s) => s.labels)).toEqual(
        expect.arrayContaining([
          { flag: 'payments', variation: 'canary' },
          { flag: 'payments', variation: 'stable' },
        ]),
      );
      expect(requests).toHaveLength(2);
      expect(requests.reduce((sum, s) => sum + s.value, 0)).toBe(users);
      const labelSets = new Set(samples.map((s) => `${s.name}${JSON.stringify(s.labels)}`));
      expect(labelSets.size).toBeLessThan(100);
      for (const sample of samples) expect(Object.values(sample.labels).join()).not.toMatch(/u-\d/);
    });
  },
);
