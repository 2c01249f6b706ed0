import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, canaryFlag, expectExit, runCli, tempDir, writeJson } from './support/cli.js';

const work = tempDir('flags-audit');
const store = `file:${join(work.dir, 'flags.json')}`;

beforeAll(async () => {
  await buildCliWhenStale();
  writeJson(join(work.dir, 'input.json'), { flags: [canaryFlag('checkout'), canaryFlag('search')] });
});
afterAll(() => work.remove());

/** `flags enable|disable <flag>` as the on-call engineer, with why; it must succeed. */
async function asOnCall(command: 'enable' | 'disable', flag: string, reason: string): Promise<void> {
  expectExit(
    await runCli(['flags', command, flag, '--store', store, '--actor', 'oncall@pager', '--reason', reason]),
    0,
  );
}

/** The actions of `flags history --json` output, newest first. */
function actionsOf(historyJson: string): string[] {
  return JSON.parse(historyJson).map((entry: { action: string }) => entry.action);
}

describe('flags set, enable and disable are in the audit log that flags history shows', () => {
  it('records each write with its actor, action and reason; a kill switch shows up with why', async () => {
    expectExit(
      await runCli([
        'flags',
        'set',
        join(work.dir, 'input.json'),
        '--store',
        store,
        '--reason',
        'first flags',
      ]),
      0,
    );
    await asOnCall('disable', 'checkout', 'checkout 500s spiking');
    await asOnCall('enable', 'checkout', 'fixed in 4.2.1');

    const json = await runCli(['flags', 'history', '--store', store, '--json']);
    expectExit(json, 0);
    const entries = JSON.parse(json.stdout);
    expect(actionsOf(json.stdout)).toEqual(['flags.enable', 'flags.disable', 'flags.set']);
    expect(entries[1]).toMatchObject({
      actor: 'oncall@pager',
      reason: 'checkout 500s spiking',
      fromVersion: 1,
      toVersion: 2,
      changes: [{ kind: 'flag', key: 'checkout', change: 'changed' }],
    });
    expect(entries[1].changes[0].fields).toContainEqual({ path: 'enabled', after: false });
    // Without --actor, the user and host running the command.
    expect(entries[2].actor).toBe(`${userInfo().username}@${hostname()}`);

    const text = await runCli(['flags', 'history', '--store', store]);
    expectExit(text, 0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+VERSION\s+REASON\s+CHANGES$/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('flags.disable');
    expect(lines[2]).toContain('checkout 500s spiking');
    expect(lines[2]).toContain('1→2');
    expect(lines[2]).toContain('checkout(enabled version)');
  });

  it('shows the writes of one flag, at most --limit of them', async () => {
    const one = await runCli(['flags', 'history', 'search', '--store', store, '--json']);
    expectExit(one, 0);
    expect(actionsOf(one.stdout)).toEqual(['flags.set']);
    const limited = await runCli([
      'flags',
      'history',
      'checkout',
      '--limit',
      '1',
      '--store',
      store,
      '--json',
    ]);
    expect(actionsOf(limited.stdout)).toEqual(['flags.enable']);
    expectExit(await runCli(['flags', 'history', '--limit', '0', '--store', store]), 2);
  });
});
