import type { NotificationPayload, WebhookGatePayload } from '@rampkit/rollout';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay, HttpResponse, http, setupServer } from './support/deps.js';
import { canaryPlan, transitions, World } from './support/world.js';

const ID = 'checkout-v2';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('webhook gates: POST, 2xx within a timeout, retried with backoff', () => {
  it('retries a failing gate with doubling backoff and moves traffic once it answers 2xx', async () => {
    const bodies: WebhookGatePayload[] = [];
    server.use(
      http.post('https://gate.test/approve', async ({ request }) => {
        bodies.push((await request.json()) as WebhookGatePayload);
        return bodies.length < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ ok: true });
      }),
    );
    const world = new World();
    const controller = world.controller();
    await controller.start(
      canaryPlan({
        gates: {
          webhooks: [
            {
              url: 'https://gate.test/approve',
              retries: 2,
              backoff: '2s',
              headers: { authorization: 'Bearer t' },
            },
          ],
        },
      }),
    );
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    expect(world.clock.sleeps).toEqual([2000, 4000]);
    expect(bodies[0]).toMatchObject({
      rolloutId: ID,
      flag: 'checkout',
      step: 1,
      fromWeight: 0,
      toWeight: 5,
      attempt: 1,
    });
    const gate = (await controller.history(ID)).find((entry) => entry.kind === 'gate');
    expect(gate).toMatchObject({
      passed: true,
      results: [
        {
          kind: 'webhook',
          name: 'https://gate.test/approve',
          passed: true,
          attempts: 3,
          detail: 'HTTP 200 after 3 attempts',
        },
      ],
    });
  });

  it('holds the step while a gate fails, retries each interval, and pauses after maxFailures', async () => {
    let calls = 0;
    server.use(
      http.post('https://gate.test/deny', () => {
        calls += 1;
        return new HttpResponse('no', { status: 409 });
      }),
    );
    const world = new World();
    const controller = world.controller();
    await controller.start(
      canaryPlan({
        gates: { webhooks: [{ url: 'https://gate.test/deny', retries: 1, backoff: '1s' }], maxFailures: 2 },
      }),
    );
    await controller.tick();
    expect(await controller.status(ID)).toMatchObject({
      status: 'progressing',
      weight: 0,
      blockedBy: { kind: 'gate' },
    });
    expect(calls).toBe(2);
    await controller.tick();
    expect(calls).toBe(2);
    await world.minute(controller, { perMinute: 0 });
    const status = await controller.status(ID);
    expect(calls).toBe(4);
    expect(status).toMatchObject({ status: 'paused', weight: 0 });
    expect(status.reason).toBe(
      'gates before step 1 failed (2 of 2): webhook https://gate.test/deny: HTTP 409 after 2 attempts',
    );
    expect(await world.canaryWeight()).toBe(0);
  });

  it('counts an answer slower than the timeout as a failure', async () => {
    server.use(
      http.post('https://gate.test/slow', async () => {
        await delay(400);
        return HttpResponse.json({});
      }),
    );
    const world = new World();
    const controller = world.controller();
    await controller.start(
      canaryPlan({ gates: { webhooks: [{ url: 'https://gate.test/slow', timeout: '30ms', retries: 0 }] } }),
    );
    await controller.tick();
    const gate = (await controller.history(ID)).find((entry) => entry.kind === 'gate');
    expect(gate).toMatchObject({
      passed: false,
      results: [{ detail: 'no answer within 30ms after 1 attempt' }],
    });
    expect(await world.canaryWeight()).toBe(0);
  });
});

describe('health checks before traffic moves: a URL answering 2xx, or a function', () => {
  it('checks before the first step and before each weight increase', async () => {
    let healthy = true;
    let calls = 0;
    server.use(
      http.get('https://app.test/healthz', () => {
        calls += 1;
        return healthy ? HttpResponse.text('ok') : new HttpResponse('down', { status: 500 });
      }),
    );
    const seen: string[] = [];
    const world = new World();
    const db = () => {
      seen.push('db');
      return true;
    };
    const controller = world.controller({ healthChecks: { db } });
    await controller.start(
      canaryPlan({
        steps: [{ weight: 5, hold: '2m' }, { approval: true }, { weight: 25 }],
        gates: {
          healthChecks: [
            { url: 'https://app.test/healthz' },
            { name: 'db' },
            { name: 'inline', check: async () => true },
          ],
        },
      }),
    );
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    expect([calls, seen.length]).toEqual([1, 1]);
    // Step 1's hold, then the approval step's own pass: a step counts a window once both arms have
    // reported a later one, so each step needs a minute more than its hold.
    for (let minute = 0; minute < 5; minute++) await world.minute(controller, { perMinute: 4000 });
    // Entering the approval step does not move traffic: no checks.
    expect((await controller.status(ID)).phase).toBe('approval');
    expect([calls, seen.length]).toEqual([1, 1]);
    healthy = false;
    await controller.approve(ID);
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    const gate = (await controller.history(ID)).filter((entry) => entry.kind === 'gate').at(-1);
    expect(gate).toMatchObject({
      passed: false,
      results: [
        { kind: 'health', name: 'https://app.test/healthz', passed: false, detail: 'HTTP 500' },
        { kind: 'health', name: 'db', passed: true },
        { kind: 'health', name: 'inline', passed: true },
      ],
    });
  });

  it('fails a health check that throws something other than an Error, saying what it threw', async () => {
    const world = new World();
    const db = () => {
      throw 'replica lag 40s';
    };
    const controller = world.controller({ healthChecks: { db } });
    const pool = async () => {
      throw { code: 'EPOOL', waiting: 12 };
    };
    await controller.start(
      canaryPlan({ gates: { healthChecks: [{ name: 'db' }, { name: 'pool', check: pool }] } }),
    );
    await controller.tick();
    expect(await world.canaryWeight()).toBe(0);
    const gate = (await controller.history(ID)).filter((entry) => entry.kind === 'gate').at(-1);
    expect(gate).toMatchObject({
      passed: false,
      results: [
        { kind: 'health', name: 'db', passed: false, detail: 'threw: replica lag 40s' },
        { kind: 'health', name: 'pool', passed: false, detail: 'threw: {"code":"EPOOL","waiting":12}' },
      ],
    });
  });

  it('refuses to start a plan naming a function no controller registered', async () => {
    const world = new World();
    const controller = world.controller();
    await expect(controller.start(canaryPlan({ gates: { healthChecks: [{ name: 'db' }] } }))).rejects.toThrow(
      'gates.healthChecks[0].name: no health-check function "db" registered on this controller (healthChecks option)',
    );
  });
});

describe('notifications on every transition: JSON POST with a Slack-compatible text', () => {
  it('posts each transition in order, filtered by event type', async () => {
    const all: NotificationPayload[] = [];
    const rollbacks: NotificationPayload[] = [];
    server.use(
      http.post('https://hooks.test/all', async ({ request }) => {
        all.push((await request.json()) as NotificationPayload);
        return HttpResponse.text('ok');
      }),
      http.post('https://hooks.test/rollbacks', async ({ request }) => {
        rollbacks.push((await request.json()) as NotificationPayload);
        return HttpResponse.text('ok');
      }),
    );
    const world = new World();
    const controller = world.controller({
      notifications: [{ url: 'https://hooks.test/rollbacks', events: ['rolledBack'] }],
    });
    await controller.start(canaryPlan({ notifications: [{ url: 'https://hooks.test/all' }] }));
    await controller.tick();
    await controller.rollback(ID, { by: 'carol', reason: 'pager went off' });
    expect(all.map((payload) => payload.transition.type)).toEqual(['started', 'stepStarted', 'rolledBack']);
    expect(all[1]?.text).toBe(
      'Rollout checkout-v2 of checkout moving traffic (canary 0% → 5%): step 1 of 4: canary to 5%, holding at least 5m',
    );
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]).toMatchObject({
      text: 'Rollout checkout-v2 of checkout ROLLED BACK (canary 5% → 0%): pager went off',
      rollout: { id: ID, flag: 'checkout', status: 'rolledBack' },
      transition: { type: 'rolledBack', by: 'carol' },
    });
  });

  it('reports a failing webhook as an error without holding up the rollout', async () => {
    server.use(http.post('https://hooks.test/broken', () => new HttpResponse(null, { status: 500 })));
    const world = new World();
    const controller = world.controller();
    await controller.start(canaryPlan({ notifications: [{ url: 'https://hooks.test/broken', retries: 1 }] }));
    await controller.tick();
    expect(await world.canaryWeight()).toBe(5);
    expect(world.errors.map((error) => error.message)).toEqual([
      'notification to https://hooks.test/broken about started failed: HTTP 500 after 2 attempts',
      'notification to https://hooks.test/broken about stepStarted failed: HTTP 500 after 2 attempts',
    ]);
    expect(transitions(await controller.history(ID))).toHaveLength(2);
  });
});
