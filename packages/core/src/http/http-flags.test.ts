import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordedOutcomes, testFlags } from '../../../../test/support/http-adapters.js';
import { createClient, type RampkitClient } from '../client/client.js';
import type { FlagsConfig } from '../model/types.js';
import { selectCanaryHandler } from './canary.js';
import { endResponse, type FakeRequest, fakeAdapter, fakeResponse } from './fake-http.test-helper.js';
import { HttpFlags } from './http-flags.js';
import type { HttpFlagsOptions } from './options.js';
import { signOverride } from './override-token.js';
import { markThrown } from './request-flags.js';

const config: FlagsConfig = testFlags();

const clients: RampkitClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function setup(options: HttpFlagsOptions<FakeRequest> = {}, flags: FlagsConfig = config) {
  // Exposures are not deduplicated, so that each is one evaluation (see `evaluations`).
  const client = createClient({ flags, exposureWindowMs: 0 });
  clients.push(client);
  const http = new HttpFlags(client, fakeAdapter, options);
  /** Every outcome recorded so far, as [flag, variation, outcome]. */
  const recorded = recordedOutcomes(client);
  const errors: Error[] = [];
  client.on('error', (e) => errors.push(e));
  return { client, http, recorded, errors };
}

/** Counts the client's evaluations that served a variation, by the exposure each emits. */
function evaluations(client: RampkitClient): () => number {
  let count = 0;
  client.on('exposure', () => {
    count += 1;
  });
  return () => count;
}

const request = (headers: Record<string, string> = {}, extra: Partial<FakeRequest> = {}): FakeRequest => ({
  headers,
  ...extra,
});

describe('the default context', () => {
  it('takes the unit id from the x-user-id header, plus the remote address and user agent', () => {
    const { http } = setup();
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': 'u1', 'user-agent': 'curl/8' }, { ip: '10.0.0.1' }), res);
    expect(flags.context).toEqual({ targetingKey: 'u1', ip: '10.0.0.1', userAgent: 'curl/8' });
    expect(res.cookies).toEqual([]);
  });

  it('reads a configurable header', () => {
    const { http } = setup({ userIdHeader: 'X-Account' });
    expect(http.begin(request({ 'x-account': 'acc-9' }), fakeResponse()).context.targetingKey).toBe('acc-9');
  });

  it('falls back to the anonymous-id cookie', () => {
    const { http } = setup();
    const res = fakeResponse();
    const flags = http.begin(request({ cookie: 'a=1; rampkit_id=anon-12345678' }), res);
    expect(flags.context.targetingKey).toBe('anon-12345678');
    expect(res.cookies).toEqual([]);
  });
});

describe('a unit id longer than maxUnitIdLength is refused: the request is anonymous and counted', () => {
  const anonymous = /^[0-9a-f-]{36}$/;

  it('takes ids of up to 256 characters by default, and no longer ones', () => {
    const { http } = setup();
    const longest = 'u'.repeat(256);
    expect(http.begin(request({ 'x-user-id': longest }), fakeResponse()).context.targetingKey).toBe(longest);
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': `${longest}u` }), res);
    expect(flags.context.targetingKey).toMatch(anonymous);
    expect(res.cookies).toEqual([expect.stringContaining(`rampkit_id=${flags.context.targetingKey};`)]);
    expect(http.stats.unitIdsRefused).toBe(1);
  });

  it("keeps a visitor with an anonymous cookie on the cookie's id", () => {
    const { http } = setup();
    const res = fakeResponse();
    const flags = http.begin(
      request({ 'x-user-id': 'x'.repeat(16_000), cookie: 'rampkit_id=anon-12345678' }),
      res,
    );
    expect(flags.context.targetingKey).toBe('anon-12345678');
    expect(res.cookies).toEqual([]);
    expect(http.stats.unitIdsRefused).toBe(1);
  });

  it('takes another limit, and serves the flags of a refused request as any anonymous one', () => {
    const { http } = setup({ maxUnitIdLength: 8 });
    expect(http.begin(request({ 'x-user-id': '12345678' }), fakeResponse()).context.targetingKey).toBe(
      '12345678',
    );
    const flags = http.begin(request({ 'x-user-id': '123456789' }), fakeResponse());
    expect(flags.context.targetingKey).toMatch(anonymous);
    expect(flags.variation('banner')).toBe('b');
    expect(http.stats.unitIdsRefused).toBe(1);
  });

  it('gives a context function the defaults without the refused id', () => {
    const seen: unknown[] = [];
    const { http } = setup({
      maxUnitIdLength: 8,
      context: (_req, defaults) => {
        seen.push(defaults.targetingKey);
        return defaults;
      },
    });
    expect(http.begin(request({ 'x-user-id': '123456789' }), fakeResponse()).context.targetingKey).toMatch(
      anonymous,
    );
    expect(seen).toEqual([undefined]);
  });

  it('is a positive whole number, checked when the middleware is built', () => {
    const client = createClient({ flags: config });
    clients.push(client);
    for (const maxUnitIdLength of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new HttpFlags(client, fakeAdapter, { maxUnitIdLength })).toThrow(
        /maxUnitIdLength must be a positive whole number of characters/,
      );
    }
  });
});

describe('the address and user agent are read when something needs them', () => {
  const on = { on: true, off: false };
  /** Flags that answer `on` only when they see the address or the user agent, each in another way. */
  const readsDefaults: FlagsConfig = {
    segments: [
      { key: 'curl-users', conditions: [{ attribute: 'userAgent', op: 'startsWith', values: ['curl/'] }] },
    ],
    flags: [
      { key: 'unit-only', variations: on, offVariation: 'off', fallthrough: { variation: 'on' } },
      {
        key: 'by-rule',
        variations: on,
        offVariation: 'off',
        rules: [{ conditions: [{ attribute: 'ip', op: 'cidr', values: ['10.0.0.0/8'] }], variation: 'on' }],
        fallthrough: { variation: 'off' },
      },
      {
        key: 'by-segment',
        variations: on,
        offVariation: 'off',
        rules: [{ segments: ['curl-users'], variation: 'on' }],
        fallthrough: { variation: 'off' },
      },
      {
        key: 'by-prerequisite',
        variations: on,
        offVariation: 'off',
        prerequisites: [{ flag: 'by-rule', variations: ['on'] }],
        fallthrough: { variation: 'on' },
      },
      {
        key: 'by-bucket',
        variations: on,
        offVariation: 'off',
        bucketBy: 'ip',
        fallthrough: {
          split: {
            weights: [
              { variation: 'on', weight: 10_000 },
              { variation: 'off', weight: 0 },
            ],
          },
        },
      },
      {
        key: 'by-split-bucket',
        variations: on,
        offVariation: 'off',
        rules: [
          {
            conditions: [{ attribute: 'targetingKey', op: 'in', values: ['u1'] }],
            split: {
              bucketBy: 'userAgent',
              weights: [
                { variation: 'on', weight: 10_000 },
                { variation: 'off', weight: 0 },
              ],
            },
          },
        ],
        fallthrough: { variation: 'off' },
      },
    ],
  };
  const headers = { 'x-user-id': 'u1', 'user-agent': 'curl/8' };

  /** The fake adapter, counting the reads of the remote address. */
  function countingSetup(options: HttpFlagsOptions<FakeRequest> = {}) {
    const client = createClient({ flags: readsDefaults });
    clients.push(client);
    let reads = 0;
    const adapter = {
      ...fakeAdapter,
      remoteAddress: (req: FakeRequest) => {
        reads += 1;
        return req.ip;
      },
    };
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    return { client, http: new HttpFlags(client, adapter, options), reads: () => reads, errors };
  }

  it('serves a flag that reads only the unit without reading them', () => {
    const { http, reads } = countingSetup();
    const flags = http.begin(request(headers, { ip: '10.0.0.1' }), fakeResponse());
    expect(flags.isEnabled('unit-only')).toBe(true);
    expect(reads()).toBe(0);
    // The application reading the context gets all of it, read once.
    expect(flags.context).toEqual({ targetingKey: 'u1', ip: '10.0.0.1', userAgent: 'curl/8' });
    expect(flags.context).toEqual({ targetingKey: 'u1', ip: '10.0.0.1', userAgent: 'curl/8' });
    expect(reads()).toBe(1);
  });

  it.each(['by-rule', 'by-segment', 'by-prerequisite', 'by-bucket', 'by-split-bucket'])(
    'serves %s, which tests them, with them, reading them once',
    (key) => {
      const { client, http, reads } = countingSetup();
      const flags = http.begin(request(headers, { ip: '10.0.0.1' }), fakeResponse());
      expect(flags.isEnabled('unit-only')).toBe(true);
      expect(flags.isEnabled(key)).toBe(true);
      expect(flags.isEnabled('by-rule')).toBe(true);
      expect(reads()).toBe(1);
      // Without them the same flag answers otherwise: the answer above did use them.
      expect(client.isEnabled(key, { targetingKey: 'u1' })).toBe(false);
    },
  );

  it('are read when the request begins for a context function, which receives them and has the last word', () => {
    const seen: unknown[] = [];
    const { http, reads } = countingSetup({
      context: (_req, defaults) => {
        seen.push({ ...defaults });
        return { ...defaults, ip: '192.168.1.1' };
      },
    });
    const flags = http.begin(request(headers, { ip: '10.0.0.1' }), fakeResponse());
    expect(reads()).toBe(1);
    expect(seen).toEqual([{ targetingKey: 'u1', ip: '10.0.0.1', userAgent: 'curl/8' }]);
    expect(flags.isEnabled('by-rule')).toBe(false);
    expect(flags.context).toEqual({ targetingKey: 'u1', ip: '192.168.1.1', userAgent: 'curl/8' });
    expect(reads()).toBe(1);
  });

  it('a failure to read them later is reported, and the flag is served without them', () => {
    const client = createClient({ flags: readsDefaults });
    clients.push(client);
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    const adapter = {
      ...fakeAdapter,
      remoteAddress: (): string => {
        throw new Error('socket gone');
      },
    };
    const flags = new HttpFlags(client, adapter, {}).begin(request(headers), fakeResponse());
    expect(flags.isEnabled('by-rule')).toBe(false);
    expect(flags.context.targetingKey).toBe('u1');
    expect(errors.map((e) => e.message)).toEqual(['socket gone']);
  });
});

describe('anonymous visitors get a stable id cookie', () => {
  it('mints an id, sets it as an HttpOnly, SameSite=Lax cookie and evaluates with it', () => {
    const { http } = setup();
    const res = fakeResponse();
    const flags = http.begin(request(), res);
    const id = flags.context.targetingKey;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.cookies).toEqual([`rampkit_id=${id}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax`]);
  });

  it('marks the cookie Secure on a secure request and honours name and max-age', () => {
    const { http } = setup({ cookie: { name: 'vid', maxAge: 3600, domain: 'example.com' } });
    const res = fakeResponse();
    const flags = http.begin(request({}, { secure: true }), res);
    expect(res.cookies).toEqual([
      `vid=${flags.context.targetingKey}; Max-Age=3600; Path=/; Domain=example.com; HttpOnly; SameSite=Lax; Secure`,
    ]);
  });

  it('the id sent back keeps the visitor in the same arm', () => {
    const { http } = setup();
    const first = fakeResponse();
    const flags = http.begin(request(), first);
    const arm = flags.variation('checkout');
    const cookie = first.cookies[0]!.split(';')[0]!;
    for (let i = 0; i < 20; i++) {
      const res = fakeResponse();
      expect(http.begin(request({ cookie }), res).variation('checkout')).toBe(arm);
      expect(res.cookies).toEqual([]);
    }
  });

  it('replaces a cookie value that is not id-shaped, and counts it', () => {
    const { http } = setup();
    const res = fakeResponse();
    const flags = http.begin(request({ cookie: 'rampkit_id=<script>' }), res);
    expect(flags.context.targetingKey).not.toBe('<script>');
    expect(res.cookies).toHaveLength(1);
    http.begin(request({ cookie: `rampkit_id=${'a'.repeat(65)}` }), fakeResponse());
    expect(http.stats.unitIdsRefused).toBe(2);
  });

  it('is neither read nor set with cookie: false', () => {
    const { http } = setup({ cookie: false });
    const res = fakeResponse();
    const flags = http.begin(request({ cookie: 'rampkit_id=anon-12345678' }), res);
    expect(flags.context.targetingKey).toBeUndefined();
    expect(res.cookies).toEqual([]);
  });

  it('rejects an invalid cookie name or max-age when the middleware is built', () => {
    const client = createClient({ flags: config });
    clients.push(client);
    expect(() => new HttpFlags(client, fakeAdapter, { cookie: { name: 'a b' } })).toThrow(/cookie.name/);
    expect(() => new HttpFlags(client, fakeAdapter, { cookie: { maxAge: -1 } })).toThrow(/maxAge/);
  });
});

describe('a user-supplied context function', () => {
  it('receives the defaults and its result is evaluated', () => {
    const { http } = setup({
      context: (req, defaults) => ({ ...defaults, plan: req.headers['x-plan'] ?? 'free' }),
    });
    const flags = http.begin(request({ 'x-user-id': 'u1', 'x-plan': 'pro' }), fakeResponse());
    expect(flags.context).toEqual({ targetingKey: 'u1', plan: 'pro' });
  });

  it('gets the anonymous id when it returns no targetingKey', () => {
    const { http } = setup({ context: () => ({ plan: 'pro' }) });
    const res = fakeResponse();
    const flags = http.begin(request(), res);
    expect(flags.context.plan).toBe('pro');
    expect(flags.context.targetingKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.cookies).toHaveLength(1);
  });

  it('that throws falls back to the defaults, emits error and is counted, never failing the request', () => {
    const { http, errors } = setup({
      context: () => {
        throw new Error('session store down');
      },
    });
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    expect(flags.context).toEqual({ targetingKey: 'u1' });
    expect(flags.variation('banner')).toBe('b');
    expect(errors.map((e) => e.message)).toEqual(['the context function threw: session store down']);
    expect(http.stats.contextErrors).toBe(1);
  });

  it('that returns a non-object falls back to the defaults', () => {
    const { http, errors } = setup({ context: () => null as never });
    expect(http.begin(request({ 'x-user-id': 'u1' }), fakeResponse()).context).toEqual({
      targetingKey: 'u1',
    });
    expect(errors).toHaveLength(1);
  });

  it("that throws with nobody listening for errors is logged through the client's logger, once", () => {
    const logger = { warn: vi.fn() };
    const client = createClient({ flags: config, logger });
    clients.push(client);
    const http = new HttpFlags(client, fakeAdapter, {
      context: () => {
        throw new Error('session store down');
      },
    });
    for (let i = 0; i < 5; i++) {
      expect(http.begin(request({ 'x-user-id': 'u1' }), fakeResponse()).variation('banner')).toBe('b');
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/the context function threw: session store down/);
    expect(http.stats.contextErrors).toBe(5);
  });
});

describe('req.flags memoises each flag within the request', () => {
  it('evaluates a flag once however often and however it is asked', () => {
    const { client, http } = setup();
    const evaluated = evaluations(client);
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    const first = flags.isEnabled('checkout');
    expect(flags.isEnabled('checkout')).toBe(first);
    expect(flags.variation('checkout')).toBe(first ? 'on' : 'off');
    expect(flags.value('checkout', false)).toBe(first);
    expect(flags.evaluate('checkout').value).toBe(first);
    expect(evaluated()).toBe(1);
  });

  it('keeps serving the same arm when the configuration changes mid-request', async () => {
    const { client, http } = setup();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    const before = flags.variation('banner');
    const snapshot = await client.store.loadConfig();
    const changed = structuredClone(config);
    changed.flags[2]!.fallthrough = { variation: 'a' };
    await client.store.writeConfig(changed, { expectedVersion: snapshot!.version });
    expect(client.variation('banner', {})).toBe('a');
    expect(flags.variation('banner')).toBe(before);
  });

  it('answers like the client: defaults for missing flags and type mismatches', () => {
    const { http } = setup();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    expect(flags.isEnabled('missing', true)).toBe(true);
    expect(flags.isEnabled('banner')).toBe(false);
    expect(flags.value('banner', 42)).toBe(42);
    expect(flags.value('banner', 'x')).toBe('Hi');
    expect(flags.variation('missing')).toBeUndefined();
    expect(flags.variation('missing', 'stable')).toBe('stable');
    expect(flags.evaluate('missing', 'fallback')).toMatchObject({
      value: 'fallback',
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('holds any number of flags: each evaluated once, each tracked one recorded once, in order served', () => {
    // 40 flags: past the room the memo is made with, and past the linear scan (16 flags).
    const keys = Array.from({ length: 40 }, (_, i) => `flag-${i}`);
    const many: FlagsConfig = {
      flags: keys.map((key, i) => ({
        key,
        track: i % 2 === 0,
        variations: { on: true, off: false },
        offVariation: 'off',
        fallthrough: { variation: i % 3 === 0 ? 'off' : 'on' },
      })),
    };
    const { client, http, recorded } = setup({}, many);
    const evaluated = evaluations(client);
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    const served = keys.map((key) => flags.variation(key));
    expect(keys.map((key) => flags.variation(key))).toEqual(served);
    expect(flags.all()['flag-39']?.variation).toBe(served[39]);
    expect(evaluated()).toBe(40);
    http.finish(flags, 200, false);
    const expected = keys.flatMap((key, i) => (i % 2 === 0 ? [[key, i % 3 === 0 ? 'off' : 'on']] : []));
    expect(recorded().map(([flag, variation]) => [flag, variation])).toEqual(expected);
  });

  it('all() lists every flag, agreeing with what was already served', () => {
    const { http } = setup();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    const served = flags.variation('payments');
    const all = flags.all();
    expect(Object.keys(all).sort()).toEqual(['banner', 'checkout', 'payments']);
    expect(all.payments?.variation).toBe(served);
  });
});

describe('outcome reporting', () => {
  it('records one outcome per tracked (flag, variation) served, none for untracked flags', () => {
    const { http, recorded } = setup();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    const checkout = flags.variation('checkout');
    const payments = flags.variation('payments');
    flags.variation('banner');
    flags.isEnabled('checkout');
    http.finish(flags, 200, false);
    expect(recorded()).toEqual([
      ['checkout', checkout, { error: false, aborted: false, latencyMs: expect.any(Number) }],
      ['payments', payments, { error: false, aborted: false, latencyMs: expect.any(Number) }],
    ]);
    expect(http.stats.outcomesRecorded).toBe(2);
  });

  it('watches the end of a response from the first tracked flag served, and records there', () => {
    const { http, recorded } = setup();
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), res);
    flags.variation('banner');
    expect(res.done).toHaveLength(0);
    const checkout = flags.variation('checkout');
    const payments = flags.variation('payments');
    expect(res.done).toHaveLength(1);
    endResponse(res, 503);
    expect(recorded()).toEqual([
      ['checkout', checkout, { error: true, aborted: false, latencyMs: expect.any(Number) }],
      ['payments', payments, { error: true, aborted: false, latencyMs: expect.any(Number) }],
    ]);
  });

  it('asks nothing of the response when no tracked flag is served', () => {
    const { http, recorded } = setup();
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), res);
    flags.value('banner', 'Hello');
    flags.all();
    expect(res.done).toHaveLength(0);
    expect(recorded()).toEqual([]);
  });

  it('records a tracked flag that all() evaluated first once it is served, and once only', () => {
    const { http, recorded } = setup();
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), res);
    flags.all();
    expect(res.done).toHaveLength(0);
    const payments = flags.variation('payments');
    flags.variation('payments');
    expect(res.done).toHaveLength(1);
    http.finish(flags, 200, false);
    expect(recorded()).toEqual([['payments', payments, expect.anything()]]);
  });

  it('works the same with a client of another copy of core, through its public methods', () => {
    const { client } = setup();
    // A stand-in whose methods forward to a real client: it has granted no fast path to this copy.
    const foreign = {
      evaluate: client.evaluate.bind(client),
      isTracked: client.isTracked.bind(client),
      allFlags: client.allFlags.bind(client),
      recordAll: client.recordAll.bind(client),
      listenerCount: client.listenerCount.bind(client),
      emit: client.emit.bind(client),
      ready: client.ready.bind(client),
    } as unknown as RampkitClient;
    const http = new HttpFlags(foreign, fakeAdapter, {});
    const recorded = recordedOutcomes(foreign);
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    const checkout = flags.variation('checkout');
    flags.variation('banner');
    expect(selectCanaryHandler(flags, 'banner', { stable: 'a', canary: 'c', b: 'b' })).toBe('b');
    http.finish(flags, 500, false);
    expect(recorded()).toEqual([
      ['checkout', checkout, { error: true, aborted: false, latencyMs: expect.any(Number) }],
      ['banner', 'b', { error: true, aborted: false, latencyMs: expect.any(Number) }],
    ]);
  });

  it('counts status >= 500 as an error and anything below as a success', () => {
    const { http, recorded } = setup();
    for (const status of [200, 404, 499, 500, 503]) {
      const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
      flags.variation('payments');
      http.finish(flags, status, false);
    }
    expect(recorded().map((call) => call[2]?.error)).toEqual([false, false, false, true, true]);
  });

  it('counts a handler that threw as an error whatever the status, unless it threw a 4xx on purpose', () => {
    const { http, recorded } = setup();
    const cases: Array<[unknown, number]> = [
      [new Error('boom'), 200],
      [Object.assign(new Error('not found'), { statusCode: 404 }), 404],
      [Object.assign(new Error('bad'), { status: 400 }), 400],
      ['a string', 500],
    ];
    for (const [thrown, status] of cases) {
      const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
      flags.variation('payments');
      markThrown(flags, thrown);
      http.finish(flags, status, false);
    }
    expect(recorded().map((call) => call[2]?.error)).toEqual([true, false, false, true]);
  });

  it('counts a client-aborted request as aborted, not as an error', () => {
    const { http, recorded } = setup();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    flags.variation('payments');
    markThrown(flags, new Error('write after end'));
    http.finish(flags, 500, true);
    expect(recorded()[0]?.[2]).toEqual({ error: false, aborted: true, latencyMs: expect.any(Number) });
  });

  it('records a request once, however often finish is called', () => {
    const { http, recorded } = setup();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    flags.variation('payments');
    http.finish(flags, 200, false);
    http.finish(flags, 0, true);
    expect(recorded()).toHaveLength(1);
  });

  it('lets the application decide which statuses are errors', () => {
    const { http, recorded } = setup({ errorStatus: (status) => status >= 500 || status === 429 });
    for (const status of [429, 503, 404]) {
      const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
      flags.variation('payments');
      http.finish(flags, status, false);
    }
    expect(recorded().map((call) => call[2]?.error)).toEqual([true, true, false]);
  });

  it('survives a throwing isError, falling back to the default rule and reporting it', () => {
    const { http, recorded, errors } = setup({
      isError: () => {
        throw new Error('oops');
      },
    });
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    flags.variation('payments');
    http.finish(flags, 502, false);
    expect(recorded()[0]?.[2]?.error).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(['oops']);
  });

  it('keeps working when recording throws (a broken metrics store), reporting the error', () => {
    const { client, http, errors } = setup();
    vi.spyOn(client, 'recordAll').mockImplementation(() => {
      throw new Error('metrics down');
    });
    const flags = http.begin(request({ 'x-user-id': 'u1' }), fakeResponse());
    flags.variation('payments');
    expect(() => http.finish(flags, 200, false)).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual(['metrics down']);
  });
});

describe('the variations header', () => {
  it('is off by default', () => {
    const { http } = setup();
    const res = fakeResponse();
    http.begin(request({ 'x-user-id': 'u1' }), res).variation('banner');
    expect(res.headers.size).toBe(0);
  });

  it('lists every variation served, as each is first served', () => {
    const { http } = setup({ variationsHeader: true });
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': 'u1' }), res);
    flags.variation('banner');
    expect(res.headers.get('x-rampkit-variations')).toBe('banner=b');
    const payments = flags.variation('payments');
    flags.variation('missing');
    expect(res.headers.get('x-rampkit-variations')).toBe(`banner=b, payments=${payments}`);
  });

  it('takes a custom name', () => {
    const { http } = setup({ variationsHeader: 'x-arms' });
    const res = fakeResponse();
    http.begin(request({ 'x-user-id': 'u1' }), res).variation('banner');
    expect(res.headers.get('x-arms')).toBe('banner=b');
  });

  it('rejects a name that is not a header name when the middleware is built, not per request', () => {
    const client = createClient({ flags: config });
    clients.push(client);
    for (const name of ['x arms', 'x-arms:', 'x-✓', '']) {
      expect(() => new HttpFlags(client, fakeAdapter, { variationsHeader: name })).toThrow(
        /variationsHeader: .* is not a valid header name/,
      );
    }
  });
});

describe('QA overrides', () => {
  it('are ignored unless turned on', () => {
    const { http } = setup();
    const token = signOverride('s3cret', { banner: 'a' });
    expect(
      http
        .begin(request({ 'x-user-id': 'u1', 'x-rampkit-override': token }), fakeResponse())
        .variation('banner'),
    ).toBe('b');
  });

  it('cannot be turned on without a secret or an allow-list', () => {
    const client = createClient({ flags: config });
    clients.push(client);
    expect(() => new HttpFlags(client, fakeAdapter, { overrides: {} })).toThrow(/secrets.*allowUnits/);
  });

  it('force a variation with a signed header or cookie, and forced traffic is not recorded', async () => {
    const { http, recorded } = setup({ overrides: { secrets: ['s3cret'] } });
    await http.ready();
    const token = signOverride('s3cret', { banner: 'a', payments: 'canary' });
    for (const headers of [{ 'x-rampkit-override': token }, { cookie: `rampkit_override=${token}` }]) {
      const flags = http.begin(request({ 'x-user-id': 'u1', ...headers }), fakeResponse());
      expect(flags.variation('banner')).toBe('a');
      expect(flags.value('banner', '')).toBe('Hello');
      expect(flags.variation('payments')).toBe('canary');
      http.finish(flags, 200, false);
    }
    expect(recorded()).toEqual([]);
    expect(http.stats.overridesApplied).toBe(2);
  });

  it('ignore and count a forged or unsigned value', async () => {
    const { http, errors } = setup({ overrides: { secrets: ['s3cret'] } });
    await http.ready();
    const forged = signOverride('guessed', { banner: 'a' });
    for (const value of [forged, 'banner=a', `${signOverride('s3cret', { banner: 'a' })}x`]) {
      const flags = http.begin(request({ 'x-user-id': 'u1', 'x-rampkit-override': value }), fakeResponse());
      expect(flags.variation('banner')).toBe('b');
    }
    expect(http.stats.overridesRejected).toBe(3);
    expect(errors).toEqual([]);
  });

  it('accept unsigned values from allow-listed units only', async () => {
    const { http } = setup({ overrides: { allowUnits: ['qa-1'] } });
    await http.ready();
    const headers = { 'x-rampkit-override': 'banner=a&payments=canary' };
    const qa = http.begin(request({ 'x-user-id': 'qa-1', ...headers }), fakeResponse());
    expect([qa.variation('banner'), qa.variation('payments')]).toEqual(['a', 'canary']);
    const other = http.begin(request({ 'x-user-id': 'u2', ...headers }), fakeResponse());
    expect(other.variation('banner')).toBe('b');
    expect(http.stats).toMatchObject({ overridesApplied: 1, overridesRejected: 1 });
  });

  it('keep a forced flag unrecorded when all() returned it before it was served', async () => {
    const { http, recorded } = setup({ overrides: { allowUnits: ['qa-1'] } });
    await http.ready();
    const res = fakeResponse();
    const flags = http.begin(request({ 'x-user-id': 'qa-1', 'x-rampkit-override': 'payments=canary' }), res);
    expect(flags.all().payments?.variation).toBe('canary');
    expect(selectCanaryHandler(flags, 'payments', { stable: 's', canary: 'c' })).toBe('c');
    http.finish(flags, 200, false);
    expect(res.done).toHaveLength(0);
    expect(recorded()).toEqual([]);
  });

  it('naming a variation the flag does not have serve the real evaluation, which is recorded', async () => {
    const { http, recorded } = setup({ overrides: { allowUnits: ['qa-1'] } });
    await http.ready();
    const flags = http.begin(
      request({ 'x-user-id': 'qa-1', 'x-rampkit-override': 'payments=nope' }),
      fakeResponse(),
    );
    const arm = flags.variation('payments');
    expect(['canary', 'stable']).toContain(arm);
    http.finish(flags, 200, false);
    expect(recorded()).toEqual([['payments', arm, expect.anything()]]);
  });
});
