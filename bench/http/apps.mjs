/**
 * The six servers the benchmark compares, all answering GET / with "hello world":
 * - bare: the framework alone;
 * - trivial: plus one middleware/hook that reads a header, hashes it and sets a request property;
 * - rampkit: plus Rampkit, the handler evaluating three flags (two tracked, so two outcomes are
 *   recorded per request). Rampkit's counters are exposed as `stats()` for run.mjs's sanity check.
 */
import { createServer } from 'node:http';
import { createClient, murmur3 } from '@rampkit/core';
import { rampkit as rampkitExpress } from '@rampkit/express';
import { rampkit as rampkitFastify } from '@rampkit/fastify';
import express from 'express';
import Fastify from 'fastify';

export const FRAMEWORKS = ['express', 'fastify'];
export const VARIANTS = ['bare', 'trivial', 'rampkit'];

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

function hashHeader(value) {
  return murmur3(typeof value === 'string' ? value : '', 0);
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
  if (variant === 'rampkit') {
    const middleware = rampkitExpress(createClient({ flags: FLAGS }));
    stats = middleware.stats;
    app.use(middleware);
    app.get('/', (req, res) => {
      const flags = req.flags;
      flags.isEnabled('new-checkout');
      flags.variation('payments-v2');
      flags.value('banner', 'Hello');
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
  if (variant === 'rampkit') {
    await app.register(rampkitFastify, { client: createClient({ flags: FLAGS }) });
    app.get('/', (request, reply) => {
      const flags = request.flags;
      flags.isEnabled('new-checkout');
      flags.variation('payments-v2');
      flags.value('banner', 'Hello');
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
  const stats = variant === 'rampkit' ? () => ({ ...app.rampkit.stats }) : null;
  return { port: app.server.address().port, stats };
}
