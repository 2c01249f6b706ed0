import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigSnapshot } from '../model/types.js';
import * as validate from '../model/validate.js';
import { FileStore } from '../stores/file/file-store.js';
import { flagsServing as flags } from '../stores/file/file-store.test-helper.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import type { ConfigStore } from '../stores/types.js';
import { createClient } from './client.js';

// Every validation, by a store or by the client, runs validationSteps (validateConfig wraps it).
vi.mock('../model/validate.js', async (importOriginal) => {
  const actual = await importOriginal<typeof validate>();
  return {
    ...actual,
    validationSteps: vi.fn(actual.validationSteps),
    validateConfig: vi.fn(actual.validateConfig),
  };
});

const validations = () =>
  vi.mocked(validate.validationSteps).mock.calls.length +
  vi.mocked(validate.validateConfig).mock.calls.length;

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

const dirs: string[] = [];
afterEach(() => {
  vi.mocked(validate.validationSteps).mockClear();
  vi.mocked(validate.validateConfig).mockClear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a snapshot is validated once where its store vouches for it', () => {
  it('memory store: one validation per written configuration, none more in the client', async () => {
    const store = new MemoryStore({ config: flags('v1') });
    const client = createClient({ store });
    await client.ready();
    expect(validations()).toBe(1);
    await store.writeConfig(flags('v2'), { expectedVersion: 1 });
    await settle();
    expect(client.value('checkout', { key: 'u' }, '')).toBe('v2');
    expect(validations()).toBe(2);
    await client.close();
  });

  it('file store: one validation per read of the file, none more in the client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampkit-validate-once-'));
    dirs.push(dir);
    const path = join(dir, 'flags.json');
    writeFileSync(path, JSON.stringify(flags('v1')));
    const store = new FileStore({ path, watch: false });
    const client = createClient({ store });
    await client.ready();
    expect(client.value('checkout', { key: 'u' }, '')).toBe('v1');
    expect(validations()).toBe(1);
    await client.close();
    await store.close();
  });

  it('a store that does not vouch (Redis, a hand-written one): the client validates what it hands over', async () => {
    const snapshot: ConfigSnapshot = { version: 1, config: flags('v1'), updatedAt: 0 };
    const store: ConfigStore = {
      loadConfig: async () => snapshot,
      writeConfig: async () => snapshot,
      subscribeConfig: () => () => undefined,
    };
    const client = createClient({ store });
    await client.ready();
    expect(validations()).toBe(1);
    await client.close();
  });
});
