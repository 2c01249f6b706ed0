import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigSnapshot, FlagsConfig } from '../model/types.js';
import { FileStore } from '../stores/file/file-store.js';
import type { ConfigStore } from '../stores/types.js';
import { createClient, type RampkitClient } from './client.js';

const flags = (value: string): FlagsConfig => ({
  flags: [
    { key: 'banner', variations: { a: value, b: 'Hi' }, offVariation: 'a', fallthrough: { variation: 'a' } },
  ],
});

/** A store whose loads fail with `message` until `heal()`, and whose pushes the test controls. */
function brokenStore(message: () => string) {
  let listener: ((snapshot: ConfigSnapshot) => void) | undefined;
  let healed = false;
  const store: ConfigStore & { heal(): void; push(snapshot: ConfigSnapshot): void } = {
    loadConfig: async () => {
      if (healed) return { version: 1, config: flags('Hello'), updatedAt: 0 };
      throw new Error(message());
    },
    writeConfig: () => Promise.reject(new Error('read-only')),
    subscribeConfig(l) {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    heal() {
      healed = true;
    },
    push(snapshot) {
      listener?.(snapshot);
    },
  };
  return store;
}

const clients: RampkitClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function track(client: RampkitClient): RampkitClient {
  clients.push(client);
  return client;
}

describe('a problem the client reports while nobody listens for `error` is logged once', () => {
  it('through console.warn by default, once however often it recurs, and never thrown', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = track(
      createClient({
        store: brokenStore(() => 'connection refused'),
        retryDelay: { initialMs: 1, maxMs: 2 },
      }),
    );
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^\[rampkit\] connection refused \(.*client\.on\('error'/);
    expect(client.evaluate('banner', {})).toMatchObject({ errorCode: 'PROVIDER_NOT_READY' });
  });

  it('through the logger given, once per distinct problem', async () => {
    const logger = { warn: vi.fn() };
    let attempt = 0;
    const messages = ['down', 'down', 'timed out', 'down', 'timed out'];
    const store = brokenStore(() => messages[Math.min(attempt++, messages.length - 1)]!);
    track(createClient({ store, logger, retryDelay: { initialMs: 1, maxMs: 2 } }));
    await vi.waitFor(() => expect(attempt).toBeGreaterThan(messages.length + 2));
    expect(logger.warn.mock.calls.map(([message]) => /^\[rampkit\] ([^(]+) \(/.exec(message)?.[1])).toEqual([
      'down',
      'timed out',
    ]);
  });

  it('not at all while an error listener is registered', async () => {
    const logger = { warn: vi.fn() };
    const errors: Error[] = [];
    const client = track(
      createClient({
        store: brokenStore(() => 'down'),
        logger,
        retryDelay: { initialMs: 1, maxMs: 2 },
      }),
    );
    client.on('error', (error) => errors.push(error));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(2));
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('a logger that throws changes nothing for the caller', async () => {
    const logger = {
      warn: vi.fn(() => {
        throw new Error('logger bug');
      }),
    };
    const store = brokenStore(() => 'down');
    const client = track(createClient({ store, logger, retryDelay: { initialMs: 1, maxMs: 2 } }));
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalled());
    store.heal();
    await client.ready({ timeoutMs: 5_000 });
    expect(client.value('banner', {}, '')).toBe('Hello');
  });

  it('again once a configuration has been installed since (the problem went away, then came back)', async () => {
    const logger = { warn: vi.fn() };
    const store = brokenStore(() => 'unused');
    store.heal();
    const client = track(createClient({ store, logger }));
    await client.ready();
    const invalid = { flags: [{ key: 'broken' }] } as unknown as FlagsConfig;
    store.push({ version: 2, config: invalid, updatedAt: 0 });
    store.push({ version: 2, config: invalid, updatedAt: 0 });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/invalid configuration in store snapshot version 2/);
    store.push({ version: 3, config: flags('Hey'), updatedAt: 0 });
    await vi.waitFor(() => expect(client.configVersion).toBe(3));
    store.push({ version: 2, config: invalid, updatedAt: 0 });
    store.push({ version: 4, config: invalid, updatedAt: 0 });
    store.push({ version: 4, config: invalid, updatedAt: 0 });
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[1]?.[0]).toMatch(/store snapshot version 4/);
  });

  it('again once the store has reconnected since', async () => {
    const logger = { warn: vi.fn() };
    let report: ((error: Error) => void) | undefined;
    let setStale: ((stale: boolean) => void) | undefined;
    const store: ConfigStore = {
      loadConfig: async () => ({ version: 1, config: flags('Hello'), updatedAt: 0 }),
      writeConfig: () => Promise.reject(new Error('read-only')),
      subscribeConfig(_listener, onError, onStale) {
        report = onError;
        setStale = onStale;
        return () => {};
      },
    };
    const client = track(createClient({ store, logger }));
    await client.ready();
    report?.(new Error('connection lost'));
    report?.(new Error('connection lost'));
    setStale?.(true);
    report?.(new Error('connection lost'));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    setStale?.(false);
    setStale?.(true);
    report?.(new Error('connection lost'));
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('up to 100 distinct problems between configurations, then one notice and silence', async () => {
    const logger = { warn: vi.fn() };
    const store = brokenStore(() => 'unused');
    store.heal();
    const client = track(createClient({ store, logger }));
    await client.ready();
    for (let version = 2; version < 400; version++) {
      store.push({ version, config: { flags: [{ key: `broken-${version}` }] } as never, updatedAt: 0 });
    }
    expect(logger.warn).toHaveBeenCalledTimes(101);
    expect(logger.warn.mock.calls[100]?.[0]).toMatch(
      /^\[rampkit\] 100 distinct problems .* no more are logged until a new configuration is in force/,
    );
    expect(client.configVersion).toBe(1);
  });
});

describe('a broken edit of a flags file is visible without an error listener', () => {
  it('warns with the file and the JSON path, and keeps serving the last good flags', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampkit-unheard-'));
    dirs.push(dir);
    const path = join(dir, 'flags.json');
    const replace = async (text: string) => {
      await writeFile(`${path}.tmp`, text);
      await rename(`${path}.tmp`, path);
    };
    await writeFile(path, JSON.stringify(flags('Hello')));
    const logger = { warn: vi.fn() };
    const store = new FileStore({ path, pollIntervalMs: 50 });
    const client = track(createClient({ store, logger }));
    clients.push({ close: () => store.close() } as RampkitClient);
    await client.ready();
    const broken = flags('Hello');
    (broken.flags[0] as { offVariation: string }).offVariation = 'c';
    await replace(JSON.stringify(broken));
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/flags\.json.*flags\[0\]\.offVariation/);
    expect(client.value('banner', {}, '')).toBe('Hello');
  });
});
