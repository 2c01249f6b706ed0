/**
 * One measurement of the hostile-ids benchmark, in a fresh process (--expose-gc): `units` distinct
 * unit ids of one kind pass through one path, and the heap that stays behind after a full
 * collection is divided by `units`.
 *
 *   node --expose-gc worker.mjs <client|fastify|express> <uuid|hostile> <units> <id-bytes> [tracking]
 *
 * With `tracking`, the client also records experiment exposures and each request tracks one event
 * (`track('purchase')`), flushed on the client's timer into a store that keeps nothing: the growth
 * is then the client's own tracking structures (unit ledger, pending totals) on top of the dedup.
 *
 * Prints one JSON line: { path, ids, units, idBytes, tracking, heapGrowth, exposures, refused,
 * served, attributed, skippedUnits }.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createClient } from '@rampkit/core';
import { rampkit as expressRampkit } from '@rampkit/express';
import { rampkit as fastifyRampkit } from '@rampkit/fastify';
import express from 'express';
import Fastify from 'fastify';

const [path, kind, unitsArg, idBytesArg, trackingArg] = process.argv.slice(2);
const tracking = trackingArg === 'tracking';
const units = Number(unitsArg);
const idBytes = Number(idBytesArg);
const WARM_UNITS = 2_000;

/**
 * A canary at 20%, tracked: one exposure per unit and one outcome per request. One flag, so that the
 * 100,000 units of a full run fill the exposure de-duplication's default 100,000 entries exactly and
 * none is forgotten: the growth per unit is then the cost of one remembered unit.
 */
const flags = {
  flags: [
    {
      key: 'payments',
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
  ],
};

/**
 * The i-th id, made when it is sent and dropped after, so the benchmark itself keeps none: a UUID,
 * or `idBytes` characters of a header value a client chose (distinct in its first characters).
 */
function unitId(i, ids) {
  if (ids === 'uuid') return randomUUID();
  const head = `hostile-${i}-`;
  return head + 'x'.repeat(idBytes - head.length);
}

async function heapAfterGc() {
  // Lets what the last requests scheduled run first (a response's socket is let go of in a later turn).
  await new Promise((resolve) => setTimeout(resolve, 500));
  // Two passes: the first may only schedule finalisation of what the second frees.
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Takes every batch and keeps nothing, so that only the client's own memory is measured. */
const discardingStore = {
  async writeExperimentData() {},
  async readExperimentUnits() {
    return [];
  },
};

const client = createClient({
  flags,
  metrics: false,
  ...(tracking ? { experimentData: discardingStore } : {}),
});
let exposures = 0;
client.on('exposure', () => {
  exposures += 1;
});
client.on('error', (error) => {
  process.stderr.write(`client error: ${error.message}\n`);
});
await client.ready();

let served = 0;
let stats;
let send;
let close = async () => {};
let closeConnection;

/** Requests to a listening `server`, one at a time over one keep-alive loopback connection. */
function loopback(server, name) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { port } = server.address();
  const sendOne = (id) =>
    new Promise((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port, path: '/', agent, headers: { 'x-user-id': id } },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== 200) reject(new Error(`${name} answered ${response.statusCode}`));
            else {
              served += 1;
              resolve();
            }
          });
        },
      );
      request.on('error', reject);
    });
  return { send: sendOne, close: () => agent.destroy() };
}

if (path === 'client') {
  send = async (id) => {
    const context = { targetingKey: id };
    client.variation('payments', context);
    if (tracking) client.track('purchase', context);
    served += 1;
  };
} else if (path === 'fastify') {
  const fastify = Fastify();
  await fastify.register(fastifyRampkit, { client });
  fastify.get('/', async (request) => {
    const served = request.flags.variation('payments');
    if (tracking) request.flags.track('purchase');
    return served;
  });
  // Over a real loopback connection, as the express row: fastify.inject's responses write into a
  // Writable whose every write waits for a setImmediate (light-my-request 6.8.1), and a heap snapshot
  // found 12,000 injected requests held by Node's queue of immediates after 24,000 requests, with no
  // Rampkit registered at all (bare Fastify grew 108.6 MB), so inject measured its own memory.
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  stats = fastify.rampkit.stats;
  ({ send, close: closeConnection } = loopback(fastify.server, 'fastify'));
  close = async () => {
    closeConnection();
    await fastify.close();
  };
} else if (path === 'express') {
  const app = express();
  const middleware = expressRampkit(client);
  stats = middleware.stats;
  app.use(middleware);
  app.get('/', (req, res) => {
    const served = req.flags.variation('payments');
    if (tracking) req.flags.track('purchase');
    res.send(served);
  });
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  ({ send, close: closeConnection } = loopback(server, 'express'));
  close = async () => {
    closeConnection();
    await new Promise((resolve) => server.close(resolve));
  };
} else {
  throw new Error(`unknown path ${path}: client, fastify or express`);
}

// Warm-up on UUIDs: the code is compiled and the structures made before the heap is measured.
for (let i = 0; i < WARM_UNITS; i++) await send(randomUUID());
const refusedBefore = stats?.unitIdsRefused;
const before = await heapAfterGc();
for (let i = 0; i < units; i++) await send(unitId(i, kind));
const after = await heapAfterGc();

process.stdout.write(
  `${JSON.stringify({
    path,
    ids: kind,
    units,
    idBytes: kind === 'uuid' ? 36 : idBytes,
    tracking,
    heapGrowth: after - before,
    exposures: exposures - WARM_UNITS,
    refused: stats?.unitIdsRefused === undefined ? null : stats.unitIdsRefused - refusedBefore,
    served: served - WARM_UNITS,
    attributed: client.trackingStats?.attributed ?? null,
    skippedUnits: client.trackingStats?.skippedUnits ?? null,
  })}\n`,
);
await close();
await client.close();
