import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStateStore } from '@rampkit/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, CLI_DIR, tempDir } from './support/cli.js';

const work = tempDir('processes');
const flagsPath = join(work.dir, 'flags.json');
const PROCESSES = 4;
const ROUNDS = 25;

beforeAll(() => buildCliWhenStale());
afterAll(() => work.remove());

/** One writer: ROUNDS compare-and-set increments of a shared counter and ROUNDS metrics writes. */
const writer = `
import { FileStateStore } from ${JSON.stringify(pathToFileURL(join(CLI_DIR, 'dist', 'index.js')).href)};
const store = new FileStateStore({ path: process.argv[1], watch: false });
const latency = { buckets: {}, count: 0, sum: 0, min: 0, max: 0 };
for (let i = 0; i < ${ROUNDS}; i++) {
  for (;;) {
    const doc = await store.getDocument('counter');
    try {
      await store.putDocument('counter', (doc?.value ?? 0) + 1, { expectedVersion: doc?.version ?? 0 });
      break;
    } catch (error) {
      if (error.code !== 'RAMPKIT_CONFLICT') throw error;
    }
  }
  await store.writeMetrics([{ flagKey: 'f', variation: 'stable', windowStart: Date.now() - (Date.now() % 1000), windowMs: 1000, requests: 1, errors: 0, aborted: 0, latency }]);
}
`;

describe('the file store is shared safely by several processes', () => {
  it('loses no compare-and-set update and no metrics write when processes write at once', async () => {
    await Promise.all(
      Array.from(
        { length: PROCESSES },
        () =>
          new Promise<void>((resolve, reject) => {
            execFile(
              process.execPath,
              ['--input-type=module', '-e', writer, flagsPath],
              { timeout: 60_000 },
              (error, _out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
            );
          }),
      ),
    );
    const store = new FileStateStore({ path: flagsPath, watch: false, now: () => 1_000 });
    expect(await store.getDocument('counter')).toEqual({
      version: PROCESSES * ROUNDS,
      value: PROCESSES * ROUNDS,
    });
    const [arm] = await store.readMetrics({ flagKey: 'f', from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(arm?.requests).toBe(PROCESSES * ROUNDS);
    await store.close();
  });
});
