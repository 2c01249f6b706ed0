import { createRequire } from 'node:module';
import { createClient, type RampkitClient } from '@rampkit/core';
import express5 from 'express';
import inject from 'light-my-request';
import { afterEach, describe, expect, it } from 'vitest';
import { armsOf, testFlags } from '../../../test/support/http-adapters.js';
import { canary, rampkit } from './index.js';

// In-process requests (light-my-request): 12,000 requests over sockets take ~10 s. light-my-request
// re-parents Express's shared request prototype, so no socket test may share this file's process.
const express4 = createRequire(import.meta.url)('express4') as typeof express5;

const clients: RampkitClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('canary routing is deterministic and proportional (%s)', (_name, express) => {
  function canaryApp(percent: number) {
    const client = createClient({ flags: testFlags(percent) });
    clients.push(client);
    const app = express();
    app.use(rampkit(client));
    app.get(
      '/pay',
      canary('payments', { stable: (_req, res) => res.send('v1'), canary: (_req, res) => res.send('v2') }),
    );
    return { app, client };
  }

  it('serves a user id from the same arm across 1,000 requests and across two app instances', async () => {
    const a = canaryApp(50).app;
    const b = canaryApp(50).app;
    const armsSeen: string[] = [];
    for (const user of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      const arms = new Set<string>();
      for (let i = 0; i < 1000; i++) {
        const response = await inject(i % 2 === 0 ? a : b, { url: '/pay', headers: { 'x-user-id': user } });
        arms.add(response.payload);
      }
      expect(arms.size).toBe(1);
      armsSeen.push(...arms);
    }
    // Six users at 50% all in one arm would mean the routing ignores the unit.
    expect(new Set(armsSeen)).toEqual(new Set(['v1', 'v2']));
  });

  it('serves 20% ± 1 point of 10,000 distinct units from a canary at 20%, and records each', async () => {
    const { app, client } = canaryApp(20);
    let canaryServed = 0;
    for (let i = 0; i < 10_000; i++) {
      const response = await inject(app, { url: '/pay', headers: { 'x-user-id': `unit-${i}` } });
      if (response.payload === 'v2') canaryServed += 1;
    }
    expect(Math.abs(canaryServed / 10_000 - 0.2)).toBeLessThanOrEqual(0.01);
    const arms = await armsOf(client, 'payments');
    expect(arms.canary?.requests).toBe(canaryServed);
    expect(arms.stable?.requests).toBe(10_000 - canaryServed);
  });
});
