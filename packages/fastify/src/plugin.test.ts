import { once } from 'node:events';
import { connect } from 'node:http2';
import { createClient, type RampkitClient } from '@rampkit/core';
import Fastify, { type FastifyInstance, type RawServerBase } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import {
  closedAfterEach,
  expectCanaryErrorsCounted,
  expectOnePurchaseTracked,
  outageClient,
  testClient,
  trackingClient,
} from '../../../test/support/adapter-clients.js';
import {
  armsOf,
  recordedOutcomes,
  testFlags,
  UNUSUAL_NAMES_HEADER,
  unusualNames,
} from '../../../test/support/http-adapters.js';
import { canary, type RampkitFastifyOptions, rampkit, signOverride } from './index.js';

const cleanups = closedAfterEach();
const newClient = (percent?: number) => testClient(cleanups, percent);

/** A server with the plugin and no route yet, closed after the test. */
async function pluginServer(
  client: RampkitClient,
  options: Omit<RampkitFastifyOptions, 'client'> = {},
  serverOptions: { trustProxy?: boolean } = {},
): Promise<FastifyInstance> {
  const fastify = Fastify(serverOptions);
  cleanups.push(() => fastify.close());
  await fastify.register(rampkit, { client, ...options });
  return fastify;
}

/** A server with the plugin, a canary route (/pay: "v1" or "v2") and a route showing flags. */
async function canaryServer(
  client: RampkitClient,
  options: Omit<RampkitFastifyOptions, 'client'> = {},
  serverOptions: { trustProxy?: boolean } = {},
): Promise<FastifyInstance> {
  const fastify = await pluginServer(client, options, serverOptions);
  fastify.get('/pay', canary('payments', { stable: async () => 'v1', canary: async () => 'v2' }));
  fastify.get('/flags', async (request) => ({
    context: request.flags.context,
    checkout: request.flags.isEnabled('checkout'),
    banner: request.flags.value('banner', ''),
  }));
  return fastify;
}

describe('the plugin', () => {
  it('is a fastify-plugin named @rampkit/fastify for Fastify 5', () => {
    expect(rampkit[Symbol.for('plugin-meta') as keyof typeof rampkit]).toMatchObject({
      name: '@rampkit/fastify',
      fastify: '5.x',
    });
  });

  it('refuses to register without a client', async () => {
    const fastify = Fastify();
    cleanups.push(() => fastify.close());
    await expect(fastify.register(rampkit, {} as RampkitFastifyOptions)).rejects.toThrow(/client/);
  });
});

describe('context from the request', () => {
  it('takes the unit id from x-user-id, plus the remote address and user agent', async () => {
    const fastify = await canaryServer(newClient());
    const response = await fastify.inject({
      url: '/flags',
      headers: { 'x-user-id': 'u1', 'user-agent': 'test-agent' },
      remoteAddress: '198.51.100.7',
    });
    expect(response.json().context).toEqual({
      targetingKey: 'u1',
      ip: '198.51.100.7',
      userAgent: 'test-agent',
    });
    expect(response.json().banner).toBe('Hi');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it("honours the server's trustProxy option for the address and Secure cookies", async () => {
    const request = {
      url: '/flags',
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
    };
    const trusted = await (await canaryServer(newClient(), {}, { trustProxy: true })).inject(request);
    expect(trusted.json().context.ip).toBe('203.0.113.9');
    expect(trusted.headers['set-cookie']).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    const untrusted = await (await canaryServer(newClient())).inject(request);
    expect(untrusted.json().context.ip).toBe('127.0.0.1');
    expect(untrusted.headers['set-cookie']).not.toContain('Secure');
  });

  it('uses a context function; a throwing one falls back to defaults with an error event', async () => {
    const client = newClient();
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    const fastify = await canaryServer(client, {
      context: (request, defaults) => {
        if (request.headers['x-explode']) throw new Error('no session');
        return { ...defaults, plan: String(request.headers['x-plan'] ?? 'free') };
      },
    });
    const ok = await fastify.inject({ url: '/flags', headers: { 'x-user-id': 'u1', 'x-plan': 'pro' } });
    expect(ok.json().context).toMatchObject({ targetingKey: 'u1', plan: 'pro' });
    const failed = await fastify.inject({ url: '/flags', headers: { 'x-user-id': 'u1', 'x-explode': '1' } });
    expect(failed.statusCode).toBe(200);
    expect(failed.json().context).toMatchObject({ targetingKey: 'u1' });
    expect(errors.map((e) => e.message)).toEqual(['the context function threw: no session']);
    expect(fastify.rampkit.stats.contextErrors).toBe(1);
  });
});

describe('a unit id past maxUnitIdLength', () => {
  it('is refused: the request is served as anonymous and counted', async () => {
    const fastify = await canaryServer(newClient(), { maxUnitIdLength: 64 });
    const response = await fastify.inject({ url: '/flags', headers: { 'x-user-id': 'x'.repeat(65) } });
    expect(response.statusCode).toBe(200);
    expect(response.json().context.targetingKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['set-cookie']).toMatch(/^rampkit_id=[0-9a-f-]{36};/);
    expect(fastify.rampkit.stats.unitIdsRefused).toBe(1);
  });
});

describe('anonymous visitors keep their arm with an id cookie', () => {
  it('sets the cookie once, beside cookies the app sets, and the visitor stays in the same arm', async () => {
    const fastify = await canaryServer(newClient(50), { cookie: { name: 'vid', maxAge: 600 } });
    fastify.get('/other-cookie', async (_request, reply) => {
      reply.header('set-cookie', 'theme=dark');
      return 'ok';
    });
    const withOther = await fastify.inject({ url: '/other-cookie' });
    expect(withOther.headers['set-cookie']).toEqual([expect.stringMatching(/^vid=/), 'theme=dark']);

    const first = await fastify.inject({ url: '/pay' });
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/^vid=[0-9a-f-]{36}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    for (let i = 0; i < 20; i++) {
      const again = await fastify.inject({ url: '/pay', headers: { cookie } });
      expect(again.payload).toBe(first.payload);
      expect(again.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('canary routing', () => {
  it('serves a user id from the same arm across 1,000 requests and across two server instances', async () => {
    const a = await canaryServer(newClient(50));
    const b = await canaryServer(newClient(50));
    const armsSeen: string[] = [];
    for (const user of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      const arms = new Set<string>();
      for (let i = 0; i < 1000; i++) {
        const response = await (i % 2 === 0 ? a : b).inject({ url: '/pay', headers: { 'x-user-id': user } });
        arms.add(response.payload);
      }
      expect(arms.size).toBe(1);
      armsSeen.push(...arms);
    }
    expect(new Set(armsSeen)).toEqual(new Set(['v1', 'v2']));
  });

  it('serves 20% ± 1 point of 10,000 distinct units from a canary at 20%, and records each', async () => {
    const client = newClient(20);
    const fastify = await canaryServer(client);
    let canaryServed = 0;
    for (let i = 0; i < 10_000; i++) {
      const response = await fastify.inject({ url: '/pay', headers: { 'x-user-id': `unit-${i}` } });
      if (response.payload === 'v2') canaryServed += 1;
    }
    expect(Math.abs(canaryServed / 10_000 - 0.2)).toBeLessThanOrEqual(0.01);
    const arms = await armsOf(client, 'payments');
    expect(arms.canary?.requests).toBe(canaryServed);
    expect(arms.stable?.requests).toBe(10_000 - canaryServed);
  });

  it('passes `this` (the instance), request and reply through to the arm’s handler', async () => {
    const fastify = await pluginServer(newClient(100));
    fastify.decorate('greeting', 'hello');
    fastify.get(
      '/pay',
      canary('payments', {
        stable: async () => 'v1',
        canary(request, reply) {
          reply
            .code(201)
            .send(
              `${(this as unknown as { greeting: string }).greeting} ${request.flags.context.targetingKey}`,
            );
        },
      }),
    );
    const response = await fastify.inject({ url: '/pay', headers: { 'x-user-id': 'u1' } });
    expect([response.statusCode, response.payload]).toEqual([201, 'hello u1']);
  });
});

describe('outcome reporting', () => {
  it('records a handler that throws as an error for the arm that served it', async () => {
    const client = newClient(50);
    const fastify = await pluginServer(client);
    fastify.get(
      '/pay',
      canary('payments', {
        stable: async () => 'v1',
        canary: () => {
          throw new Error('v2 is broken');
        },
      }),
    );
    const statuses = { canary: 0, stable: 0 };
    for (let i = 0; i < 100; i++) {
      const response = await fastify.inject({ url: '/pay', headers: { 'x-user-id': `u${i}` } });
      statuses[response.statusCode === 500 ? 'canary' : 'stable'] += 1;
    }
    await expectCanaryErrorsCounted(client, statuses);
  });

  it('counts a rejected async handler as an error even when the error handler answers 200', async () => {
    const client = newClient(100);
    const fastify = await pluginServer(client);
    fastify.setErrorHandler(async (_error, _request, reply) => reply.code(200).send('handled'));
    fastify.get('/checkout', async (request) => {
      request.flags.variation('payments');
      await Promise.resolve();
      throw new Error('rejected');
    });
    expect((await fastify.inject({ url: '/checkout', headers: { 'x-user-id': 'u1' } })).statusCode).toBe(200);
    expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 1, errors: 1 });
  });

  it('does not count a deliberate 4xx (thrown or sent) as an error, and honours errorStatus', async () => {
    const client = newClient(100);
    const fastify = await pluginServer(client, { errorStatus: (status) => status === 429 || status >= 500 });
    fastify.get('/:status', async (request, reply) => {
      request.flags.variation('payments');
      const status = Number((request.params as { status: string }).status);
      if (status === 404) throw Object.assign(new Error('no such thing'), { statusCode: 404 });
      return reply.code(status).send('done');
    });
    for (const status of [200, 404, 429, 503]) {
      await fastify.inject({ url: `/${status}`, headers: { 'x-user-id': 'u1' } });
    }
    expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 4, errors: 2 });
  });

  it('records only tracked flags (track: true, or canary)', async () => {
    const client = newClient();
    const recorded = recordedOutcomes(client);
    const fastify = await canaryServer(client);
    await fastify.inject({ url: '/flags', headers: { 'x-user-id': 'u1' } });
    expect(recorded().map((call) => call[0])).toEqual(['checkout']);
    expect(fastify.rampkit.stats.outcomesRecorded).toBe(1);
  });

  it('lists the variations served in a response header when asked', async () => {
    const fastify = await canaryServer(newClient(), { variationsHeader: 'x-arms' });
    const response = await fastify.inject({ url: '/flags', headers: { 'x-user-id': 'u1' } });
    expect(response.headers['x-arms']).toMatch(/^checkout=(on|off), banner=b$/);
    const plain = await (await canaryServer(newClient())).inject({ url: '/flags' });
    expect(plain.headers['x-rampkit-variations']).toBeUndefined();
  });

  it('percent-encodes names a header cannot carry, with no error event', async () => {
    const client = createClient({ flags: { flags: [...testFlags().flags, ...unusualNames.flags] } });
    cleanups.push(() => client.close());
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    const fastify = await canaryServer(client, { variationsHeader: true });
    fastify.get(
      '/greeting',
      async (request) => `${request.flags.value('greeting', '')} ${request.flags.value('ratio=1,2', '')}`,
    );
    for (let i = 0; i < 3; i++) {
      const response = await fastify.inject({ url: '/greeting', headers: { 'x-user-id': 'u1' } });
      expect(response.statusCode).toBe(200);
      expect(response.payload).toBe('Hello 1:2');
      expect(response.headers['x-rampkit-variations']).toBe(UNUSUAL_NAMES_HEADER);
    }
    expect(errors).toEqual([]);
  });
});

/**
 * The plugin (every unit in the canary) on `fastify`, which it closes afterwards, with two routes:
 * /pay, a canary route ("v1" or "v2"), and /slow, which serves the canary flag and answers only once
 * the client has given up, so that a late response would be counted again if it could be. `arrivals()`
 * counts the requests /slow has seen.
 */
async function payAndSlowRoutes<S extends RawServerBase>(fastify: FastifyInstance<S>) {
  const client = newClient(100);
  const recorded = recordedOutcomes(client);
  cleanups.push(() => fastify.close());
  await fastify.register(rampkit, { client });
  let arrivals = 0;
  fastify.get('/pay', canary('payments', { stable: async () => 'v1', canary: async () => 'v2' }));
  fastify.get('/slow', (request, reply) => {
    request.flags.variation('payments');
    arrivals += 1;
    request.raw.on('close', () => setImmediate(() => reply.send('late')));
  });
  const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { client, recorded, url, arrivals: () => arrivals };
}

describe('over a real socket', () => {
  it('records a served request and counts a client-aborted one as aborted, not as an error', async () => {
    const { client, recorded, url, arrivals } = await payAndSlowRoutes(
      Fastify({ forceCloseConnections: true }),
    );

    const served = await fetch(`${url}/pay`, { headers: { 'x-user-id': 'u1' } });
    expect(await served.text()).toBe('v2');
    await vi.waitFor(() => expect(recorded()).toHaveLength(1));

    const controller = new AbortController();
    const pending = fetch(`${url}/slow`, { headers: { 'x-user-id': 'u1' }, signal: controller.signal });
    await vi.waitFor(() => expect(arrivals()).toBe(1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(recorded()).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded()).toHaveLength(2);
    expect(recorded()[1]).toEqual([
      'payments',
      'canary',
      { error: false, aborted: true, latencyMs: expect.any(Number) },
    ]);
    expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 1, errors: 0, aborted: 1 });
  });
});

describe('over HTTP/2', () => {
  it('records a served request and counts a stream the client reset as aborted', async () => {
    const { recorded, url, arrivals } = await payAndSlowRoutes(Fastify({ http2: true }));
    const session = connect(url);
    cleanups.push(() => new Promise((resolve) => session.close(() => resolve(undefined))));

    const served = session.request({ ':path': '/pay', 'x-user-id': 'u1' });
    served.end();
    let body = '';
    served.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    await once(served, 'end');
    expect(body).toBe('v2');
    await vi.waitFor(() => expect(recorded()).toHaveLength(1));

    const left = session.request({ ':path': '/slow', 'x-user-id': 'u1' });
    left.on('error', () => {});
    left.end();
    await vi.waitFor(() => expect(arrivals()).toBe(1));
    left.close();
    await vi.waitFor(() => expect(recorded()).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorded()).toHaveLength(2);
    expect(recorded()[0]).toEqual([
      'payments',
      'canary',
      { error: false, aborted: false, latencyMs: expect.any(Number) },
    ]);
    expect(recorded()[1]).toEqual([
      'payments',
      'canary',
      { error: false, aborted: true, latencyMs: expect.any(Number) },
    ]);
  });
});

describe('QA overrides', () => {
  it('apply a signed override and ignore (and count) a forged one, never failing the request', async () => {
    const fastify = await canaryServer(newClient(0), { overrides: { secrets: ['qa-secret'] } });
    await fastify.rampkit.ready();
    const signed = signOverride('qa-secret', { payments: 'canary' });
    const forged = signOverride('not-the-secret', { payments: 'canary' });
    const headers = { 'x-user-id': 'u1' };
    expect(
      (await fastify.inject({ url: '/pay', headers: { ...headers, 'x-rampkit-override': signed } })).payload,
    ).toBe('v2');
    const viaCookie = await fastify.inject({
      url: '/pay',
      headers: { ...headers, cookie: `rampkit_override=${signed}` },
    });
    expect(viaCookie.payload).toBe('v2');
    const withForged = await fastify.inject({
      url: '/pay',
      headers: { ...headers, 'x-rampkit-override': forged },
    });
    expect([withForged.statusCode, withForged.payload]).toEqual([200, 'v1']);
    expect(fastify.rampkit.stats).toMatchObject({ overridesApplied: 2, overridesRejected: 1 });
  });

  it('are off by default', async () => {
    const fastify = await canaryServer(newClient(0));
    const signed = signOverride('qa-secret', { payments: 'canary' });
    const response = await fastify.inject({
      url: '/pay',
      headers: { 'x-user-id': 'u1', 'x-rampkit-override': signed },
    });
    expect(response.payload).toBe('v1');
  });
});

describe('a store outage', () => {
  it('serves defaults and emits error, never failing a request', async () => {
    const { client, errors } = outageClient(cleanups);
    const fastify = await canaryServer(client);
    fastify.get('/flag', async (request) => ({
      on: request.flags.isEnabled('checkout', true),
      variation: request.flags.variation('payments', 'stable'),
    }));
    await vi.waitFor(() => expect(errors.map((e) => e.message)).toContain('store unreachable'));
    expect((await fastify.inject({ url: '/pay', headers: { 'x-user-id': 'u1' } })).payload).toBe('v1');
    expect((await fastify.inject({ url: '/flag' })).json()).toEqual({ on: true, variation: 'stable' });
  });
});

describe('request.flags.track', () => {
  it('reaches the store: the event counts in the arm the request served', async () => {
    const client = trackingClient(cleanups);
    const fastify = await pluginServer(client);
    fastify.post('/buy', async (request) => {
      const style = request.flags.value('hero', '');
      request.flags.track('purchase', 30);
      request.flags.track('purchase');
      return style;
    });
    await fastify.inject({ method: 'POST', url: '/buy', headers: { 'x-user-id': 'u-42' } });
    await expectOnePurchaseTracked(client);
  });
});
