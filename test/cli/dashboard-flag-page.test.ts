import { type Dashboard, startDashboard } from '@rampkit/cli';
import { createClient, type FlagDefinition, MemoryStore } from '@rampkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale } from './support/cli.js';
import { splitFlag } from './support/dashboard.js';
import { load } from './support/dashboard-http.js';

const HOSTILE_SEGMENT = '<b onmouseover=alert(3)>beta</b>';

const gated: FlagDefinition = {
  ...splitFlag('beta-gate'),
  rules: [
    {
      id: 'beta',
      conditions: [{ attribute: 'plan', op: 'in', values: ['pro', 'team'] }],
      segments: [HOSTILE_SEGMENT],
      variation: 'treatment',
    },
    { id: 'staff', segments: ['staff'], variation: 'treatment' },
  ],
};

const store = new MemoryStore();
let dashboard: Dashboard;

beforeAll(async () => {
  await buildCliWhenStale();
  await store.writeConfig(
    {
      flags: [gated, { ...splitFlag('tracked-ab'), track: true }, splitFlag('quiet-ab')],
      segments: [
        {
          key: HOSTILE_SEGMENT,
          description: '<i>early adopters</i>',
          included: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'],
          excluded: ['u9'],
          conditions: [{ attribute: 'country', op: 'in', values: ['US', 'CA'] }],
        },
        { key: 'staff', included: ['alice', 'bob'], unitAttribute: 'email' },
      ],
    },
    { expectedVersion: 0, audit: { actor: 'setup', action: 'flags.set' } },
  );
  dashboard = await startDashboard({ store, storeName: 'memory', port: 0, localActor: 'dashboard:test' });
});
afterAll(() => dashboard?.close());

describe('a flag page renders its segments readably', () => {
  it("shows each segment's conditions and units under the rule, its hostile name as text", async () => {
    const page = await load(`${dashboard.url}/flags/beta-gate`);
    expect(page.response.status).toBe(200);
    const segments = [...page.text.matchAll(/<ul class="segments" data-testid="segments">(.*?)<\/ul>/gs)].map(
      (match) => match[1],
    );
    expect(segments).toHaveLength(2);
    expect(segments[0]).toContain(
      'segment <b>&lt;b onmouseover=alert(3)&gt;beta&lt;/b&gt;</b> (&lt;i&gt;early adopters&lt;/i&gt;): ' +
        'never targetingKey u9; always targetingKey u1, u2, u3, u4, u5 and 2 more; ' +
        'others when country in US, CA',
    );
    expect(segments[1]).toContain('segment <b>staff</b>: always email alice, bob; nobody else');
    expect(page.text).toContain('when plan in pro, team and in segment &lt;b onmouseover');
    expect(page.text).not.toContain(HOSTILE_SEGMENT);
    expect(page.text).not.toContain('<i>early');
  });
});

describe('a flag page shows its traffic per variation where metrics exist', () => {
  it('says "no metrics recorded for this flag" for an untracked flag, with no table', async () => {
    const page = await load(`${dashboard.url}/flags/quiet-ab`);
    expect(page.text).toContain('No metrics recorded for this flag: it is not tracked');
    expect(page.text).not.toContain('data-testid="traffic"');
  });

  it('says so for a tracked flag no request reached, then shows rates once a client reports', async () => {
    const before = await load(`${dashboard.url}/flags/tracked-ab`);
    expect(before.text).toContain('No metrics recorded for this flag: no tracked request reached it');
    const client = createClient({ store, flushIntervalMs: 60_000 });
    await client.ready();
    const served = { control: 0, treatment: 0 } as Record<string, number>;
    for (let i = 0; i < 300; i += 1) {
      const variation = client.variation('tracked-ab', { targetingKey: `user-${i}` }) as string;
      served[variation] = (served[variation] ?? 0) + 1;
      client.record('tracked-ab', variation, { error: i % 10 === 0, latencyMs: 12 });
    }
    await client.close();
    const after = await load(`${dashboard.url}/flags/tracked-ab`);
    expect(after.text).not.toContain('No metrics recorded');
    const rows = Object.fromEntries(
      [...after.text.matchAll(/<tr><td>(\w+)<\/td><td class="num">([\d.]+)<\/td>/g)].map((m) => [m[1], m[2]]),
    );
    // Requests per second over the last minute, per variation: what the client served.
    expect(rows).toEqual({
      control: (served.control! / 60).toFixed(1),
      treatment: (served.treatment! / 60).toFixed(1),
    });
  });
});
