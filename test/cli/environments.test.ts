import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canaryFlag, expectExit, runCli, writeJson } from './support/cli.js';
import { between, promotionSuite } from './support/environments-suite.js';
import { cliWorkspace } from './support/workspace.js';

const work = cliWorkspace('environments');
const environments = {
  staging: `file:${join(work.dir, 'staging.json')}`,
  prod: `file:${join(work.dir, 'prod.json')}`,
  dir: work.dir,
};
const { staging, prod } = environments;
const envs = between(environments);

const ramped = {
  ...canaryFlag('checkout'),
  rules: [{ segments: ['beta'], variation: 'canary' }],
  fallthrough: {
    split: {
      weights: [
        { variation: 'canary', weight: 2500 },
        { variation: 'stable', weight: 7500 },
      ],
    },
  },
};

beforeAll(async () => {
  writeJson(join(work.dir, 'staging-input.json'), {
    flags: [ramped, canaryFlag('search'), canaryFlag('new-ui')],
    segments: [{ key: 'beta', included: ['u1'] }],
  });
  writeJson(join(work.dir, 'prod-input.json'), { flags: [canaryFlag('checkout'), canaryFlag('search')] });
  for (const [input, store] of [
    ['staging-input.json', staging],
    ['prod-input.json', prod],
  ] as const) {
    expectExit(await runCli(['flags', 'set', join(work.dir, input), '--store', store]), 0);
  }
});

describe('flags diff and flags promote between two flags files', () => {
  it('diff exits 1 with every difference by path, and a stable JSON shape', async () => {
    const text = await runCli(['flags', 'diff', ...envs]);
    expectExit(text, 1);
    expect(text.stdout).toContain('  ~  flag checkout  3 fields\n');
    expect(text.stdout).toContain('  -  flag new-ui    only in --from\n');
    expect(text.stdout).toContain('  rules: [{"segments":["beta"],"variation":"canary"}] → (none)\n');
    const json = await runCli(['flags', 'diff', ...envs, '--json']);
    expectExit(json, 1);
    const diff = JSON.parse(json.stdout);
    expect(Object.keys(diff)).toEqual(['from', 'to', 'identical', 'summary', 'differences']);
    expect(diff.summary.flags).toEqual({ onlyInFrom: 1, onlyInTo: 0, changed: 1, same: 1 });
    expect(diff.differences.map((d: { key: string; status: string }) => `${d.key} ${d.status}`)).toEqual([
      'checkout changed',
      'new-ui only-in-from',
      'beta only-in-from',
    ]);
    expectExit(await runCli(['flags', 'diff', 'search', ...envs]), 0);
    const unknown = await runCli(['flags', 'diff', 'nope', ...envs]);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('no flag "nope" in');
  });

  it('refuses --store and --prefix, a missing --to, a prefix on a file, and --force without --reason', async () => {
    const cases: Array<[string[], string]> = [
      [['flags', 'diff', ...envs, '--store', prod], '--store does not apply'],
      [['flags', 'diff', '--from', staging], '--to is required'],
      [['flags', 'diff', '--from', `${staging}?prefix=x:`, '--to', prod], 'a flags file has no key prefix'],
      [['flags', 'promote', 'checkout', ...envs, '--force'], '--force needs --reason'],
      [['flags', 'promote', ...envs], 'missing <key...>'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expectExit(result, 2);
      expect(result.stderr).toContain(message);
    }
  });

  it('promote --dry-run shows what it would change and writes nothing; a missing key is exit 2', async () => {
    const dry = await runCli(['flags', 'promote', 'checkout', ...envs, '--dry-run']);
    expectExit(dry, 0);
    expect(dry.stdout).toContain('  version: (none) → 2\n');
    expect(dry.stdout).toContain('would have added segment beta; updated checkout');
    const missing = await runCli(['flags', 'promote', 'checkout', 'nope', ...envs]);
    expectExit(missing, 2);
    expect(missing.stderr).toContain('no flag "nope" in');
    const history = await runCli(['flags', 'history', '--store', prod, '--json']);
    expect(JSON.parse(history.stdout)).toHaveLength(1);
  });

  it('promote copies the flag and its segment in one audited write; the environments then agree on it', async () => {
    const result = await runCli([
      'flags',
      'promote',
      'checkout',
      ...envs,
      '--actor',
      'ci:4711',
      '--reason',
      'release 4.2',
      '--json',
    ]);
    expectExit(result, 0);
    const promoted = JSON.parse(result.stdout);
    expect(promoted).toMatchObject({
      version: 2,
      flags: [{ key: 'checkout', change: 'updated' }],
      segments: [{ key: 'beta', change: 'added' }],
    });
    expectExit(await runCli(['flags', 'diff', 'checkout', ...envs]), 0);
    const [entry] = JSON.parse((await runCli(['flags', 'history', '--store', prod, '--json'])).stdout);
    expect(entry).toMatchObject({
      id: promoted.auditId,
      actor: 'ci:4711',
      action: 'flags.promote',
      reason: `release 4.2 (from ${staging} version 1)`,
    });
  });

  promotionSuite(() => environments);
});
