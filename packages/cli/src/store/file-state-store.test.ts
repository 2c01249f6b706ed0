import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatencyHistogram, type MetricsWindow } from '@rampkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FileStateStore } from './file-state-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makeStore(now: () => number = Date.now): { store: FileStateStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rampkit-file-state-'));
  dirs.push(dir);
  return { store: new FileStateStore({ path: join(dir, 'flags.json'), watch: false, now }), dir };
}

function window(variation: string, windowStart: number, requests: number, errors: number): MetricsWindow {
  const latency = new LatencyHistogram();
  for (let i = 0; i < requests; i++) latency.record(10);
  return {
    flagKey: 'f',
    variation,
    windowStart,
    windowMs: 1000,
    requests,
    errors,
    aborted: 0,
    latency: latency.toData(),
  };
}

describe('documents are versioned with compare-and-set, in the sidecar file', () => {
  it('writes when the version matches and refuses otherwise', async () => {
    const { store, dir } = makeStore();
    expect(await store.getDocument('rollouts/a')).toBeNull();
    expect(await store.putDocument('rollouts/a', { n: 1 }, { expectedVersion: 0 })).toEqual({ version: 1 });
    await expect(store.putDocument('rollouts/a', { n: 2 }, { expectedVersion: 0 })).rejects.toMatchObject({
      code: 'RAMPKIT_CONFLICT',
    });
    expect(await store.getDocument('rollouts/a')).toEqual({ version: 1, value: { n: 1 } });
    expect(await store.listDocuments('rollouts/')).toEqual(['rollouts/a']);
    const state = JSON.parse(readFileSync(join(dir, 'flags.json.rampkit', 'state.json'), 'utf8'));
    expect(state.documents['rollouts/a']).toEqual({ version: 1, value: { n: 1 } });
  });

  it('refuses a fenced write once the lease token is no longer current', async () => {
    let now = 1_000;
    const { store } = makeStore(() => now);
    const lease = await store.acquireLease('rollout/a', 'one', 5_000);
    expect(lease).toMatchObject({ token: 1, expiresAt: 6_000 });
    expect(await store.acquireLease('rollout/a', 'two', 5_000)).toBeNull();
    now = 7_000;
    const taken = await store.acquireLease('rollout/a', 'two', 5_000);
    expect(taken?.token).toBe(2);
    await expect(
      store.putDocument('d', 1, { expectedVersion: 0, fence: { lease: 'rollout/a', token: 1 } }),
    ).rejects.toMatchObject({ code: 'RAMPKIT_LEASE_LOST' });
    expect(await store.renewLease(lease as NonNullable<typeof lease>, 5_000)).toBeNull();
    expect(await store.checkFence('rollout/a', 2)).toBe(true);
    await store.releaseLease(taken as NonNullable<typeof taken>);
    expect(await store.checkFence('rollout/a', 2)).toBe(false);
    expect((await store.acquireLease('rollout/a', 'three', 5_000))?.token).toBe(3);
  });

  it('tells who holds a lease and when it was last renewed, and nothing once it has expired', async () => {
    let now = 1_000;
    const { store } = makeStore(() => now);
    expect(await store.readLease('rollout/a')).toBeNull();
    const lease = (await store.acquireLease('rollout/a', 'one', 5_000))!;
    now = 3_000;
    await store.renewLease(lease, 5_000);
    expect(await store.readLease('rollout/a')).toEqual({
      name: 'rollout/a',
      holder: 'one',
      token: 1,
      expiresAt: 8_000,
      renewedAt: 3_000,
    });
    now = 8_000;
    expect(await store.readLease('rollout/a')).toBeNull();
  });
});

describe('metrics windows are summed across writers', () => {
  it('merges windows of the same start and reads those that start in [from, to)', async () => {
    const { store } = makeStore(() => 10_000);
    await store.writeMetrics([window('canary', 5_000, 10, 1), window('stable', 5_000, 90, 0)]);
    await store.writeMetrics([window('canary', 5_000, 10, 1), window('canary', 6_000, 5, 5)]);
    const arms = await store.readMetrics({ flagKey: 'f', from: 5_000, to: 6_000 });
    expect(arms.map((arm) => [arm.variation, arm.requests, arm.errors])).toEqual([
      ['canary', 20, 2],
      ['stable', 90, 0],
    ]);
    expect((await store.readMetrics({ flagKey: 'f', from: 0, to: 7_000 }))[0]).toMatchObject({
      requests: 25,
      errors: 7,
    });
    const windows = await store.readMetricsWindows({ flagKey: 'f', from: 0, to: 7_000 });
    expect(windows.map((w) => [w.windowStart, w.variation, w.requests])).toEqual([
      [5_000, 'canary', 20],
      [5_000, 'stable', 90],
      [6_000, 'canary', 5],
    ]);
  });
});

describe('flags stay in their file, JSON or YAML', () => {
  it('reads and writes a YAML flags file through FileStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampkit-file-state-'));
    dirs.push(dir);
    const path = join(dir, 'flags.yaml');
    writeFileSync(
      path,
      'flags:\n  - key: a\n    variations: { "on": true, "off": false }\n    offVariation: "off"\n    fallthrough: { variation: "on" }\n',
    );
    const store = new FileStateStore({ path, watch: false });
    const snapshot = await store.loadConfig();
    expect(snapshot?.config.flags[0]?.key).toBe('a');
    await store.writeConfig(
      { flags: [{ ...snapshot!.config.flags[0]!, enabled: false }] },
      { expectedVersion: snapshot!.version },
    );
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('enabled: false');
    // on and off are booleans to YAML 1.1 readers: written quoted, they stay variation names.
    expect(written).toContain('"on": true');
    expect(written).toContain('offVariation: "off"');
    const asYaml11 = parseYaml(written, { version: '1.1' }) as { flags: { offVariation: unknown }[] };
    expect(asYaml11.flags[0]?.offVariation).toBe('off');
    await store.close();
  });
});
