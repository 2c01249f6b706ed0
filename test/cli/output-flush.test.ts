import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCliWhenStale,
  CLI_BIN,
  canaryFlag,
  expectExit,
  runCli,
  tempDir,
  writeJson,
} from './support/cli.js';

const work = tempDir('output-flush');
afterAll(() => work.remove());

interface Reader {
  /** Starts reading only after this long: the pipe fills and the CLI's writes wait. */
  delayMs: number;
  /** Stops reading after the first chunk, as `| head` does. */
  closeEarly?: boolean;
}

function runPiped(args: readonly string[], reader: Reader) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), reader.delayMs);
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (reader.closeEarly) child.stdout.destroy();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8'), stderr }));
  });
}

describe('the CLI’s output through a pipe', () => {
  const store = `file:${join(work.dir, 'flags.json')}`;
  const list = ['flags', 'list', '--json', '--store', store];

  beforeAll(async () => {
    await buildCliWhenStale();
    const flags = Array.from({ length: 2_000 }, (_, i) => canaryFlag(`flag-${i}`));
    writeJson(join(work.dir, 'input.json'), { flags });
    expectExit(await runCli(['flags', 'set', join(work.dir, 'input.json'), '--store', store]), 0);
  }, 60_000);

  it('reaches a reader slower than the CLI whole: it was cut at 64 KiB, a pipe’s buffer', async () => {
    const listed = await runPiped(list, { delayMs: 1_000 });
    expect(listed.code).toBe(0);
    // Several times a pipe's buffer, most of it written while nobody reads.
    expect(listed.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(listed.stdout).flags).toHaveLength(2_000);
  }, 60_000);

  it('ends quietly, exit 0, when the reader goes away first (`| head`)', async () => {
    const listed = await runPiped(list, { delayMs: 500, closeEarly: true });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
  }, 60_000);
});
