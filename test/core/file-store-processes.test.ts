import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWhenStale } from '../support/build-when-stale.js';

const CORE_DIR = fileURLToPath(new URL('../../packages/core/', import.meta.url));
const FILE_STORE = join(CORE_DIR, 'dist', 'file-store.js');
const PROCESSES = 2;
const WRITES = 150;

const work = mkdtempSync(join(tmpdir(), 'rampkit-file-store-processes-'));
beforeAll(() => buildWhenStale(CORE_DIR, FILE_STORE), 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * One writer: WRITES flags added one at a time through the public FileStore, each a read of the
 * current configuration and a compare-and-set write of it plus one flag, retried on ConflictError.
 */
const writer = `
import { FileStore } from ${JSON.stringify(pathToFileURL(FILE_STORE).href)};
const [path, name] = process.argv.slice(1);
const store = new FileStore({ path, watch: false });
// Both writers start together: the parent answers 'ready' with a line once every writer is ready.
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
let conflicts = 0;
for (let i = 0; i < ${WRITES}; i++) {
  const flag = { key: name + '-' + i, variations: { on: true, off: false }, offVariation: 'off', fallthrough: { variation: 'on' } };
  for (;;) {
    const snapshot = await store.loadConfig();
    const flags = snapshot ? [...snapshot.config.flags, flag] : [flag];
    try {
      await store.writeConfig({ flags }, { expectedVersion: snapshot?.version ?? 0 });
      break;
    } catch (error) {
      if (error.code !== 'RAMPKIT_CONFLICT') throw error;
      conflicts++;
    }
  }
}
await store.close();
process.stdout.write(JSON.stringify({ conflicts }));
`;

interface Writer {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ conflicts: number }>;
}

function startWriter(path: string, name: string): Writer {
  const child = execFile(process.execPath, ['--input-type=module', '-e', writer, path, name], {
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ conflicts: number }>((resolve, reject) => {
    child.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.slice('ready\n'.length)) as { conflicts: number });
      else reject(new Error(`writer ${name} exited with ${code}\n${stderr}`));
    });
  });
  return { ready, go: () => child.stdin?.end('go\n'), done };
}

describe('FileStore loses no write when several processes write one flags file', () => {
  it(`two processes adding ${WRITES} flags each leave all ${PROCESSES * WRITES} in the file`, async () => {
    const path = join(work, 'flags.json');
    const writers = Array.from({ length: PROCESSES }, (_, i) => startWriter(path, `p${i}`));
    // A writer that dies before it is ready fails the test at once rather than leaving it waiting.
    await Promise.race([Promise.all(writers.map((w) => w.ready)), ...writers.map((w) => w.done)]);
    for (const w of writers) w.go();
    const results = await Promise.all(writers.map((w) => w.done));
    const { flags } = JSON.parse(readFileSync(path, 'utf8')) as { flags: Array<{ key: string }> };
    const keys = new Set(flags.map((flag) => flag.key));
    expect(keys.size).toBe(PROCESSES * WRITES);
    expect(flags).toHaveLength(PROCESSES * WRITES);
    // Each conflict is a write that found the file changed since its read, and retried.
    console.info(`conflicts retried: ${results.map((r) => r.conflicts).join(', ')}`);
  }, 180_000);
});
