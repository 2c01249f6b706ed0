import { startDashboard } from '@rampkit/cli';
import { MemoryStore } from '@rampkit/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCliWhenStale, expectExit, runCli } from './support/cli.js';
import { DashboardWorld, HOSTILE_KEY } from './support/dashboard.js';
import { load, post } from './support/dashboard-http.js';

beforeAll(() => buildCliWhenStale());

describe('rampkit dashboard serves pages safe to open against production', () => {
  const world = new DashboardWorld();
  beforeAll(async () => {
    await world.start();
    await world.rollout('checkout-v2', 'checkout');
  });
  afterAll(() => world.close());

  it('every response carries a strict Content-Security-Policy and no inline script', async () => {
    const { text, response } = await load(`${world.dashboard.url}/rollouts`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(text).toContain('<span class="store">memory</span>');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // Every <script> loads a file; none carries code.
    expect(
      [...text.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)].every(
        ([, attrs, body]) => /src=/.test(attrs as string) && body === '',
      ),
    ).toBe(true);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('a flag named <script> renders as text on the list and on its page', async () => {
    const list = await load(`${world.dashboard.url}/flags`);
    expect(list.text).not.toContain(HOSTILE_KEY);
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const page = await load(`${world.dashboard.url}/flags/${encodeURIComponent(HOSTILE_KEY)}`, list.cookie);
    expect(page.response.status).toBe(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
  });

  it('answers a request the server refuses before any route (a form over 16 KB) with its status and why', async () => {
    const page = await load(`${world.dashboard.url}/rollouts/checkout-v2/actions/pause`);
    const url = `${world.dashboard.url}/rollouts/checkout-v2/actions/pause`;
    const refused = await post(
      url,
      { _csrf: page.csrf, reason: 'x'.repeat(20_000) },
      { cookie: page.cookie },
    );
    expect(refused.status).toBe(413);
    await expect(refused.text()).resolves.toMatch(/too large/i);
    expect((await world.controller.status('checkout-v2')).status).toBe('progressing');
  });

  it('refuses an action without the CSRF token, from another origin, or without a session (403)', async () => {
    const page = await load(`${world.dashboard.url}/rollouts/checkout-v2/actions/pause`);
    expect(page.csrf).not.toBe('');
    const url = `${world.dashboard.url}/rollouts/checkout-v2/actions/pause`;
    expect((await post(url, { reason: 'x' }, { cookie: page.cookie })).status).toBe(403);
    expect((await post(url, { _csrf: 'forged', reason: 'x' }, { cookie: page.cookie })).status).toBe(403);
    expect(
      (await post(url, { _csrf: page.csrf }, { cookie: page.cookie, origin: 'http://evil.example' })).status,
    ).toBe(403);
    expect((await post(url, { _csrf: page.csrf })).status).toBe(403);
    expect((await world.controller.status('checkout-v2')).status).toBe('progressing');
    const done = await post(url, { _csrf: page.csrf, reason: 'looking at latency' }, { cookie: page.cookie });
    expect(done.status).toBe(303);
    const status = await world.controller.status('checkout-v2');
    expect(status.status).toBe('paused');
    const paused = (await world.controller.history('checkout-v2')).find(
      (entry) => entry.kind === 'transition' && entry.type === 'paused',
    );
    expect(paused).toMatchObject({
      by: 'dashboard:alice',
      reason: expect.stringContaining('looking at latency'),
    });
  });

  it('searches the rollouts list on the server when asked with ?q= (no script needed)', async () => {
    const rows = async (query: string) =>
      [
        ...(await load(`${world.dashboard.url}/rollouts?q=${encodeURIComponent(query)}`)).text.matchAll(
          /<tr class="status-[^"]*" data-search="[^"]*">\s*<td><a href="\/rollouts\/([^"]+)"/g,
        ),
      ].map((match) => match[1]);
    expect(await rows('')).toEqual(['checkout-v2']);
    expect(await rows('CHECKOUT')).toEqual(['checkout-v2']);
    expect(await rows('canary')).toEqual(['checkout-v2']);
    expect(await rows('billing')).toEqual([]);
    const page = await load(`${world.dashboard.url}/rollouts?q=${encodeURIComponent('"><b>x')}`);
    expect(page.text).toContain('value="&quot;&gt;&lt;b&gt;x"');
  });

  it("puts each chart's data in a folded table in its figure, one row per point (no script needed)", async () => {
    const figuresOf = (text: string) =>
      [
        ...text.matchAll(
          /<figure class="chart" data-chart="([^"]*)" data-testid="chart-([a-z-]+)">(.*?)<\/figure>/gs,
        ),
      ].map(([, json, id, inner]) => ({
        id,
        points: (JSON.parse((json as string).replace(/&quot;/g, '"')) as { x: number[] }).x.length,
        inner: inner as string,
      }));
    // Once the synthetic traffic has filled an interval, every chart has points.
    const figures = await vi.waitFor(
      async () => {
        const figures = figuresOf((await load(`${world.dashboard.url}/rollouts/checkout-v2`)).text);
        if (figures.length === 0 || figures.some((figure) => figure.points === 0))
          throw new Error('no interval yet');
        return figures;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(figures.map(({ id }) => id)).toEqual(['requests', 'error-rate', 'latency', 'weight']);
    const headers = {
      requests: ['stable (requests)', 'canary (requests)'],
      'error-rate': ['stable (%)', 'canary (%)'],
      latency: ['stable p95 (ms)', 'canary p95 (ms)', 'stable p99 (ms)', 'canary p99 (ms)'],
      weight: ['canary (canary) (%)'],
    };
    for (const { id, points, inner } of figures) {
      const table =
        /<details class="chart-data" data-keep-open="[^"]*"><summary[^>]*>Data table<\/summary>.*?<thead>(.*?)<\/thead><tbody>(.*?)<\/tbody>/s.exec(
          inner,
        );
      const columns = [...(table?.[1] ?? '').matchAll(/<th scope="col">([^<]*)<\/th>/g)].map(([, th]) => th);
      expect({ id, columns }).toEqual({
        id,
        columns: ['Time since start', ...headers[id as keyof typeof headers], 'Verdicts'],
      });
      expect({ id, rows: (table?.[2] ?? '').match(/<tr>/g)?.length }).toEqual({ id, rows: points });
    }
  });

  it('refuses a Host header that is not this loopback address (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const url = new URL(world.dashboard.url);
    const code = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: '/rollouts', headers: { host: 'rebind.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(code).toBe(421);
  });

  it('edits a split through compare-and-set: a concurrent change is shown, not overwritten', async () => {
    const page = await load(`${world.dashboard.url}/flags/pricing`);
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] as string;
    // Someone else changes the flag after the page was loaded.
    const snapshot = await world.store.loadConfig();
    const config = snapshot?.config as NonNullable<typeof snapshot>['config'];
    await world.store.writeConfig(
      {
        ...config,
        flags: config.flags.map((flag) =>
          flag.key === 'pricing' ? { ...flag, description: 'by bob' } : flag,
        ),
      },
      {
        expectedVersion: snapshot?.version ?? 0,
        audit: { actor: 'bob', action: 'flags.set', reason: 'copy' },
      },
    );
    const url = `${world.dashboard.url}/flags/pricing/weights`;
    const refused = await post(
      url,
      { _csrf: page.csrf, version, 'weight:control': '20', 'weight:treatment': '80' },
      { cookie: page.cookie },
    );
    expect(refused.status).toBe(409);
    const text = await refused.text();
    expect(text).toContain('changed since you loaded this page');
    expect(text).toContain('bob');
    const after = (await world.store.loadConfig())?.config.flags.find((flag) => flag.key === 'pricing');
    expect(after?.fallthrough.split?.weights.map((w) => w.weight)).toEqual([5000, 5000]);
    expect(after?.description).toBe('by bob');

    const fresh = await load(`${world.dashboard.url}/flags/pricing`, page.cookie);
    const freshVersion = /name="version" value="(\d+)"/.exec(fresh.text)?.[1] as string;
    const bad = await post(
      url,
      { _csrf: fresh.csrf, version: freshVersion, 'weight:control': '20', 'weight:treatment': '70' },
      { cookie: page.cookie },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Not saved: .*10000/);
    const saved = await post(
      url,
      {
        _csrf: fresh.csrf,
        version: freshVersion,
        'weight:control': '20',
        'weight:treatment': '80',
        reason: 'ramp the annual plan',
      },
      { cookie: page.cookie },
    );
    expect(saved.status).toBe(200);
    const written = (await world.store.loadConfig())?.config.flags.find((flag) => flag.key === 'pricing');
    expect(written?.fallthrough.split?.weights.map((w) => w.weight)).toEqual([2000, 8000]);
    const [entry] = await world.store.readAudit({ flag: 'pricing', limit: 1 });
    expect(entry).toMatchObject({
      actor: 'dashboard:alice',
      action: 'flags.weights',
      reason: 'ramp the annual plan',
    });
    expect(
      await (
        await fetch(`${world.dashboard.url}/flags/pricing`, { headers: { cookie: page.cookie } })
      ).text(),
    ).toContain('fallthrough.split.weights');
  });

  it('bounds live streams: past the limit a new one is refused (503)', async () => {
    const limited = await startDashboard({
      store: new MemoryStore(),
      storeName: 'memory',
      port: 0,
      maxStreams: 2,
      pollMs: 100,
    });
    try {
      const page = await load(`${limited.url}/rollouts`);
      const controllers = [new AbortController(), new AbortController()];
      const open = await Promise.all(
        controllers.map((c) =>
          fetch(`${limited.url}/live/rollouts`, { headers: { cookie: page.cookie }, signal: c.signal }),
        ),
      );
      expect(open.map((r) => r.status)).toEqual([200, 200]);
      expect(limited.counts.streams).toBe(2);
      const third = await fetch(`${limited.url}/live/rollouts`, { headers: { cookie: page.cookie } });
      expect(third.status).toBe(503);
      for (const c of controllers) c.abort();
      for (let i = 0; i < 50 && limited.counts.streams > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(limited.counts.streams).toBe(0);
    } finally {
      await limited.close();
    }
  });
});

describe('with a token, nothing is served before sign-in, and memory does not grow with strangers', () => {
  const store = new MemoryStore();
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  beforeAll(async () => {
    dashboard = await startDashboard({
      store,
      storeName: 'memory',
      port: 0,
      token: { name: 'carol', secret: 'a-long-enough-secret' },
    });
  });
  afterAll(() => dashboard.close());

  it('redirects pages to sign-in and refuses streams and actions (401)', async () => {
    const page = await fetch(`${dashboard.url}/rollouts`, { redirect: 'manual' });
    expect([page.status, page.headers.get('location')]).toEqual([303, '/login']);
    expect((await fetch(`${dashboard.url}/live/rollouts`)).status).toBe(401);
    expect((await post(`${dashboard.url}/flags/x/enabled`, { enabled: 'false' })).status).toBe(401);
    for (let i = 0; i < 300; i++) await fetch(`${dashboard.url}/rollouts`, { redirect: 'manual' });
    expect(dashboard.counts.sessions).toBe(0);
  });

  it('signs in with the token and acts as its name', async () => {
    expect((await post(`${dashboard.url}/login`, { token: 'wrong-wrong-wrong-wrong' })).status).toBe(401);
    const signed = await post(`${dashboard.url}/login`, { token: 'a-long-enough-secret' });
    expect(signed.status).toBe(303);
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await fetch(`${dashboard.url}/rollouts`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('dashboard:carol');
    expect(dashboard.counts.sessions).toBe(1);
  });
});

describe('read-only serves no action at all', () => {
  const world = new DashboardWorld();
  beforeAll(async () => {
    await world.start({ readOnly: true });
    await world.rollout('billing-v2', 'billing');
  });
  afterAll(() => world.close());

  it('shows no action and answers 404 to every action route', async () => {
    const page = await load(`${world.dashboard.url}/rollouts/billing-v2`);
    expect(page.response.status).toBe(200);
    expect(page.text).not.toContain('data-action=');
    expect(page.text).toContain('read-only');
    expect((await fetch(`${world.dashboard.url}/rollouts/billing-v2/actions/rollback`)).status).toBe(404);
    const origin = { cookie: page.cookie };
    expect(
      (await post(`${world.dashboard.url}/rollouts/billing-v2/actions/rollback`, { _csrf: 'x' }, origin))
        .status,
    ).toBe(404);
    expect((await post(`${world.dashboard.url}/flags/pricing/weights`, { _csrf: 'x' }, origin)).status).toBe(
      404,
    );
    const flag = await load(`${world.dashboard.url}/flags/pricing`, page.cookie);
    expect(flag.text).not.toContain('<form method="post"');
  });
});

describe('rampkit dashboard on the command line', () => {
  it('refuses to listen beyond this machine without a token', async () => {
    const result = await runCli([
      'dashboard',
      '--host',
      '0.0.0.0',
      '--store',
      'file:/tmp/rampkit-dash-none.json',
    ]);
    expectExit(result, 2);
    expect(result.stderr).toContain('--host 0.0.0.0 lets other machines in: give an access token');
  });

  it('refuses a weak token, naming what is wrong', async () => {
    const result = await runCli([
      'dashboard',
      '--token',
      'alice:short',
      '--store',
      'file:/tmp/rampkit-dash-none.json',
    ]);
    expectExit(result, 2);
    expect(result.stderr).toContain("--token: the token's secret must be at least 16 characters, got 5");
  });
});

describe('experiments', () => {
  const world = new DashboardWorld();
  beforeAll(() => world.start());
  afterAll(() => world.close());

  it('lists the flags that split units, not the canaries, escaped', async () => {
    const page = await load(`${world.dashboard.url}/experiments`);
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('pricing');
    expect(page.text).toContain('control 50% · treatment 50%');
    expect(page.text).not.toContain('>checkout<');
    expect(page.text).not.toContain('<script>alert');
  });

  it('says what is missing to read results: the metrics, given with --experiments', async () => {
    const page = await load(`${world.dashboard.url}/experiments/pricing`);
    expect(page.response.status).toBe(404);
    expect(page.text).toContain('--experiments');
  });
});
