import { createRequire } from 'node:module';
import { createClient, type RampkitClient } from '@rampkit/core';
import express5, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
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
import { canary, rampkit, signOverride } from './index.js';
import { serve } from './serve.test-helper.js';

// Express 4 is installed under the alias `express4`; the same suite runs against both majors.
const express4 = createRequire(import.meta.url)('express4') as typeof express5;

/** What GET /flags answers. */
interface FlagsBody {
  context: Record<string, unknown>;
  checkout: boolean;
  banner: string;
}
const flagsBody = async (response: globalThis.Response) => (await response.json()) as FlagsBody;

const cleanups = closedAfterEach();
const newClient = (percent?: number) => testClient(cleanups, percent);

async function start(app: Express): Promise<string> {
  const server = await serve(app);
  cleanups.push(server.close);
  return server.url;
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('%s', (_name, express) => {
  /** An app with the middleware and a canary route, `/pay`: stable answers "v1", canary "v2" unless given. */
  function canaryApp(
    client: RampkitClient,
    options: Parameters<typeof rampkit>[1] = {},
    canaryHandler: RequestHandler = (_req, res) => {
      res.send('v2');
    },
  ) {
    const app = express();
    const middleware = rampkit(client, options);
    app.use(middleware);
    app.get(
      '/pay',
      canary('payments', {
        stable: (_req, res) => {
          res.send('v1');
        },
        canary: canaryHandler,
      }),
    );
    app.get('/flags', (req, res) => {
      res.json({
        context: req.flags.context,
        checkout: req.flags.isEnabled('checkout'),
        banner: req.flags.value('banner', ''),
      });
    });
    return { app, middleware };
  }

  describe('context from the request', () => {
    it('takes the unit id from x-user-id, plus the remote address and user agent', async () => {
      const url = await start(canaryApp(newClient()).app);
      const response = await fetch(`${url}/flags`, {
        headers: { 'x-user-id': 'u1', 'user-agent': 'test-agent' },
      });
      const body = await flagsBody(response);
      expect(body.context).toEqual({ targetingKey: 'u1', ip: '127.0.0.1', userAgent: 'test-agent' });
      expect(body.banner).toBe('Hi');
      expect(response.headers.get('set-cookie')).toBeNull();
    });

    it("honours the app's trust proxy setting for the address and Secure cookies", async () => {
      const headers = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
      const trusting = canaryApp(newClient()).app;
      trusting.set('trust proxy', 'loopback');
      const trusted = await fetch(`${await start(trusting)}/flags`, { headers });
      expect((await flagsBody(trusted)).context.ip).toBe('203.0.113.9');
      expect(trusted.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);

      const untrusted = await fetch(`${await start(canaryApp(newClient()).app)}/flags`, { headers });
      expect((await flagsBody(untrusted)).context.ip).toBe('127.0.0.1');
      expect(untrusted.headers.get('set-cookie')).not.toContain('Secure');
    });

    it('uses a context function, and a throwing one falls back to defaults with an error event', async () => {
      const client = newClient();
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      const app = canaryApp(client, {
        context: (req, defaults) => {
          if (req.get('x-explode')) throw new Error('no session');
          return { ...defaults, plan: req.get('x-plan') ?? 'free' };
        },
      }).app;
      const url = await start(app);
      const ok = await flagsBody(
        await fetch(`${url}/flags`, { headers: { 'x-user-id': 'u1', 'x-plan': 'pro' } }),
      );
      expect(ok.context).toMatchObject({ targetingKey: 'u1', plan: 'pro' });
      const failed = await fetch(`${url}/flags`, { headers: { 'x-user-id': 'u1', 'x-explode': '1' } });
      expect(failed.status).toBe(200);
      expect((await flagsBody(failed)).context).toMatchObject({ targetingKey: 'u1' });
      expect(errors.map((e) => e.message)).toEqual(['the context function threw: no session']);
    });
  });

  describe('a unit id past maxUnitIdLength', () => {
    it('is refused: the request is served as anonymous and counted', async () => {
      const { app, middleware } = canaryApp(newClient());
      const url = await start(app);
      const response = await fetch(`${url}/flags`, { headers: { 'x-user-id': 'x'.repeat(10_000) } });
      expect(response.status).toBe(200);
      expect((await flagsBody(response)).context.targetingKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('set-cookie')).toMatch(/^rampkit_id=[0-9a-f-]{36};/);
      expect(middleware.stats.unitIdsRefused).toBe(1);
    });
  });

  describe('anonymous visitors keep their arm with an id cookie', () => {
    it('sets the cookie once and the visitor stays in the same arm', async () => {
      const url = await start(canaryApp(newClient(50), { cookie: { name: 'vid', maxAge: 600 } }).app);
      const first = await fetch(`${url}/pay`);
      const setCookie = first.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^vid=[0-9a-f-]{36}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);
      const arm = await first.text();
      const cookie = setCookie.split(';')[0]!;
      for (let i = 0; i < 20; i++) {
        const again = await fetch(`${url}/pay`, { headers: { cookie } });
        expect(await again.text()).toBe(arm);
        expect(again.headers.get('set-cookie')).toBeNull();
      }
    });
  });

  describe('canary routing', () => {
    it('rejects a canary without both handlers when the route is defined', () => {
      const handler = (_req: Request, res: Response) => res.end();
      expect(() => canary('payments', { stable: handler } as never)).toThrow(/"stable" and "canary"/);
    });
  });

  describe('outcome reporting', () => {
    it('records a handler that throws as an error for the arm that served it', async () => {
      const client = newClient(50);
      const { app } = canaryApp(client, {}, () => {
        throw new Error('v2 is broken');
      });
      app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).send('sorry');
      });
      const url = await start(app);
      const statuses = { canary: 0, stable: 0 };
      for (let i = 0; i < 100; i++) {
        const response = await fetch(`${url}/pay`, { headers: { 'x-user-id': `u${i}` } });
        await response.text();
        statuses[response.status === 500 ? 'canary' : 'stable'] += 1;
      }
      await expectCanaryErrorsCounted(client, statuses);
    });

    it('records an async canary handler that rejects as an error', async () => {
      const client = newClient(100);
      const { app } = canaryApp(client, {}, async () => {
        await Promise.resolve();
        throw new Error('v2 rejected');
      });
      const url = await start(app);
      const response = await fetch(`${url}/pay`, { headers: { 'x-user-id': 'u1' } });
      expect(response.status).toBe(500);
      expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 1, errors: 1 });
    });

    it('counts a thrown error as an error even when the app answers it with 200 (errorHandler)', async () => {
      const client = newClient(100);
      const app = express();
      const middleware = rampkit(client);
      app.use(middleware);
      app.get('/checkout', (req) => {
        req.flags.variation('payments');
        throw new Error('boom');
      });
      app.use(middleware.errorHandler);
      app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        res.status(200).send('handled');
      });
      const url = await start(app);
      expect((await fetch(`${url}/checkout`, { headers: { 'x-user-id': 'u1' } })).status).toBe(200);
      expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 1, errors: 1 });
    });

    it('counts statuses as errors according to errorStatus', async () => {
      const client = newClient(100);
      const app = express();
      app.use(rampkit(client, { errorStatus: (status) => status === 429 || status >= 500 }));
      app.get('/:status', (req, res) => {
        req.flags.variation('payments');
        res.sendStatus(Number(req.params.status));
      });
      const url = await start(app);
      for (const status of [200, 404, 429, 503]) {
        await (await fetch(`${url}/${status}`, { headers: { 'x-user-id': 'u1' } })).text();
      }
      expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 4, errors: 2 });
    });

    it('counts a request the client aborted as aborted, not as an error', async () => {
      const client = newClient(100);
      const recorded = recordedOutcomes(client);
      const app = express();
      app.use(rampkit(client));
      let arrived!: () => void;
      const inHandler = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      app.get('/slow', (req) => {
        req.flags.variation('payments');
        arrived();
        // Never answers: the client gives up first.
      });
      const url = await start(app);
      const controller = new AbortController();
      const pending = fetch(`${url}/slow`, { headers: { 'x-user-id': 'u1' }, signal: controller.signal });
      await inHandler;
      controller.abort();
      await expect(pending).rejects.toThrow();
      await vi.waitFor(() => expect(recorded()).not.toEqual([]));
      expect(recorded()).toEqual([
        ['payments', 'canary', { error: false, aborted: true, latencyMs: expect.any(Number) }],
      ]);
      expect((await armsOf(client, 'payments')).canary).toMatchObject({ errors: 0, aborted: 1 });
    });

    it('records only tracked flags (track: true, or canary), once per request', async () => {
      const client = newClient();
      const recorded = recordedOutcomes(client);
      const url = await start(canaryApp(client).app);
      await (await fetch(`${url}/flags`, { headers: { 'x-user-id': 'u1' } })).text();
      await vi.waitFor(() => expect(recorded()).not.toEqual([]));
      expect(recorded().map((call) => call[0])).toEqual(['checkout']);
    });

    it('lists the variations served in a response header when asked', async () => {
      const client = newClient(100);
      const url = await start(canaryApp(client, { variationsHeader: true }).app);
      const response = await fetch(`${url}/flags`, { headers: { 'x-user-id': 'u1' } });
      expect(response.headers.get('x-rampkit-variations')).toMatch(/^checkout=(on|off), banner=b$/);
      const plain = await fetch(`${await start(canaryApp(newClient()).app)}/flags`);
      expect(plain.headers.get('x-rampkit-variations')).toBeNull();
    });

    it('percent-encodes names a header cannot carry, with no error event', async () => {
      const client = createClient({ flags: { flags: [...testFlags().flags, ...unusualNames.flags] } });
      cleanups.push(() => client.close());
      const errors: Error[] = [];
      client.on('error', (error) => errors.push(error));
      const app = express();
      app.use(rampkit(client, { variationsHeader: true }));
      app.get('/greeting', (req, res) => {
        res.send(`${req.flags.value('greeting', '')} ${req.flags.value('ratio=1,2', '')}`);
      });
      const url = await start(app);
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${url}/greeting`, { headers: { 'x-user-id': 'u1' } });
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('Hello 1:2');
        expect(response.headers.get('x-rampkit-variations')).toBe(UNUSUAL_NAMES_HEADER);
      }
      expect(errors).toEqual([]);
    });
  });

  describe('QA overrides', () => {
    it('apply a signed override and ignore (and count) a forged one, never failing the request', async () => {
      const client = newClient(0);
      const { app, middleware } = canaryApp(client, { overrides: { secrets: ['qa-secret'] } });
      const url = await start(app);
      await middleware.ready();
      const signed = signOverride('qa-secret', { payments: 'canary' });
      const forged = signOverride('not-the-secret', { payments: 'canary' });
      const withSigned = await fetch(`${url}/pay`, {
        headers: { 'x-user-id': 'u1', 'x-rampkit-override': signed },
      });
      expect(await withSigned.text()).toBe('v2');
      const withCookie = await fetch(`${url}/pay`, {
        headers: { 'x-user-id': 'u1', cookie: `rampkit_override=${signed}` },
      });
      expect(await withCookie.text()).toBe('v2');
      const withForged = await fetch(`${url}/pay`, {
        headers: { 'x-user-id': 'u1', 'x-rampkit-override': forged },
      });
      expect([withForged.status, await withForged.text()]).toEqual([200, 'v1']);
      expect(middleware.stats).toMatchObject({ overridesApplied: 2, overridesRejected: 1 });
    });

    it('are off by default', async () => {
      const url = await start(canaryApp(newClient(0)).app);
      const signed = signOverride('qa-secret', { payments: 'canary' });
      const response = await fetch(`${url}/pay`, {
        headers: { 'x-user-id': 'u1', 'x-rampkit-override': signed },
      });
      expect(await response.text()).toBe('v1');
    });
  });
});

describe('Express 5 async handlers', () => {
  it('counts a rejected async handler as an error for the arm it served', async () => {
    const client = newClient(100);
    const app = express5();
    app.use(rampkit(client));
    app.get('/checkout', async (req) => {
      req.flags.variation('payments');
      await Promise.resolve();
      throw new Error('rejected');
    });
    const url = await start(app);
    const response = await fetch(`${url}/checkout`, { headers: { 'x-user-id': 'u1' } });
    expect(response.status).toBe(500);
    expect((await armsOf(client, 'payments')).canary).toMatchObject({ requests: 1, errors: 1 });
  });
});

describe('a store outage', () => {
  it('serves defaults and emits error, never failing a request', async () => {
    const { client, errors } = outageClient(cleanups);
    const app = express5();
    app.use(rampkit(client));
    app.get(
      '/pay',
      canary('payments', { stable: (_req, res) => res.send('v1'), canary: (_req, res) => res.send('v2') }),
    );
    app.get('/flag', (req, res) => {
      res.json({
        on: req.flags.isEnabled('checkout', true),
        variation: req.flags.variation('payments', 'stable'),
      });
    });
    const url = await start(app);
    await vi.waitFor(() => expect(errors.map((e) => e.message)).toContain('store unreachable'));
    expect(await (await fetch(`${url}/pay`, { headers: { 'x-user-id': 'u1' } })).text()).toBe('v1');
    expect(await (await fetch(`${url}/flag`)).json()).toEqual({ on: true, variation: 'stable' });
  });
});

describe('req.flags.track', () => {
  it('reaches the store: the event counts in the arm the request served', async () => {
    const client = trackingClient(cleanups);
    const app = express5();
    app.use(rampkit(client));
    app.post('/buy', (req, res) => {
      const style = req.flags.value('hero', '');
      req.flags.track('purchase', 30);
      req.flags.track('purchase');
      res.send(style);
    });
    const url = await start(app);
    await fetch(`${url}/buy`, { method: 'POST', headers: { 'x-user-id': 'u-42' } });
    await expectOnePurchaseTracked(client);
  });
});
