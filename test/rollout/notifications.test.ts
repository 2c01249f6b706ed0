import { readFileSync } from 'node:fs';
import {
  NOTIFICATION_SIGNATURE_HEADER,
  NOTIFICATION_TIMESTAMP_HEADER,
  type NotificationPayload,
  verifyNotificationSignature,
} from '@rampkit/rollout';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse, http, setupServer } from './support/deps.js';
import { canaryPlan, World } from './support/world.js';

const ID = 'checkout-v2';
const SECRET = 'whsec-test-1';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const schema = JSON.parse(
  readFileSync(new URL('../../docs/schemas/notification.schema.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

interface Received {
  body: string;
  signature: string | null;
  timestamp: string | null;
}

/** A rollout started, moved one step and rolled back by an operator, notified to two webhooks. */
async function notifiedRollout(): Promise<{ signed: Received[]; plain: Received[]; world: World }> {
  const signed: Received[] = [];
  const plain: Received[] = [];
  const receive =
    (into: Received[]) =>
    async ({ request }: { request: Request }) => {
      into.push({
        body: await request.text(),
        signature: request.headers.get(NOTIFICATION_SIGNATURE_HEADER),
        timestamp: request.headers.get(NOTIFICATION_TIMESTAMP_HEADER),
      });
      return HttpResponse.text('ok');
    };
  server.use(
    http.post('https://hooks.test/signed', receive(signed)),
    http.post('https://hooks.test/plain', receive(plain)),
  );
  const world = new World();
  const controller = world.controller({
    reportUrl: 'https://ci.example.com/rollout-reports/',
    notifications: [{ url: 'https://hooks.test/signed', secret: SECRET }],
  });
  await controller.start(canaryPlan({ notifications: [{ url: 'https://hooks.test/plain' }] }));
  await controller.tick();
  await controller.rollback(ID, { by: 'carol', reason: 'pager went off' });
  return { signed, plain, world };
}

describe('notification payloads are documented by docs/schemas/notification.schema.json', () => {
  it('every payload a controller sends validates against the schema', async () => {
    const { signed, plain } = await notifiedRollout();
    expect(signed.map((r) => (JSON.parse(r.body) as NotificationPayload).transition.type)).toEqual([
      'started',
      'stepStarted',
      'rolledBack',
    ]);
    for (const received of [...signed, ...plain]) {
      const valid = validate(JSON.parse(received.body));
      expect(valid, JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('the schema is closed: an undocumented field, or a missing one, is refused', async () => {
    const { signed } = await notifiedRollout();
    const payload = JSON.parse(signed[0]?.body ?? '{}') as NotificationPayload;
    expect(validate({ ...payload, undocumented: true })).toBe(false);
    const { text: _text, ...withoutText } = payload;
    expect(validate(withoutText)).toBe(false);
    expect(validate({ ...payload, audit: { id: 'audit-42', actor: 'carol' } })).toBe(true);
  });
});

describe("notifications link to the rollout's report", () => {
  it('carry reportUrl (the controller’s reportUrl with the rollout id appended) and the audit entry', async () => {
    const { signed } = await notifiedRollout();
    const payload = JSON.parse(signed[2]?.body ?? '{}') as NotificationPayload;
    expect(payload).toMatchObject({
      version: 1,
      reportUrl: `https://ci.example.com/rollout-reports/${ID}`,
      rollout: { id: ID, status: 'rolledBack' },
      transition: { type: 'rolledBack', by: 'carol' },
    });
    expect(payload.audit).toEqual({ id: expect.any(String), actor: 'carol' });
  });
});

describe('webhooks with a secret are HMAC-signed so receivers can verify them', () => {
  it('signs each request; the receiver verifies it with the secret and the raw body', async () => {
    const { signed, world } = await notifiedRollout();
    expect(signed).toHaveLength(3);
    for (const received of signed) {
      expect(received.timestamp).toBe(String(Math.floor(world.clock.now() / 1000)));
      const input = {
        body: received.body,
        signature: received.signature,
        timestamp: received.timestamp,
        now: world.clock.now(),
      };
      expect(verifyNotificationSignature({ secret: SECRET, ...input })).toBe(true);
      expect(verifyNotificationSignature({ secret: 'another secret', ...input })).toBe(false);
      expect(
        verifyNotificationSignature({
          secret: SECRET,
          ...input,
          body: received.body.replace('checkout', 'cart'),
        }),
      ).toBe(false);
    }
  });

  it('leaves a webhook without a secret unsigned', async () => {
    const { plain } = await notifiedRollout();
    expect(plain).toHaveLength(3);
    for (const received of plain) expect([received.signature, received.timestamp]).toEqual([null, null]);
  });

  it('refuses an empty secret in the plan, naming its path', async () => {
    const world = new World();
    const controller = world.controller();
    await expect(
      controller.start(canaryPlan({ notifications: [{ url: 'https://hooks.test/x', secret: '' }] })),
    ).rejects.toThrow(/notifications\[0\]\.secret: must be a non-empty string/);
  });
});
