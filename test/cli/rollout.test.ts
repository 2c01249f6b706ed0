import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStateStore } from '@rampkit/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { expectExit, fastPlan, runCli } from './support/cli.js';
import { feedMetrics } from './support/synthetic-traffic.js';
import { flagsFileWorkspace } from './support/workspace.js';

const { work, flagsPath, store, plan } = flagsFileWorkspace('rollout', [
  'checkout',
  'search',
  'billing',
  'profile',
]);
/** `rampkit rollout <args…> --store <this workspace's store>`. */
const rollout = (...args: string[]) => runCli(['rollout', ...args, '--store', store]);
/** `rampkit rollout run <plan> <flags…> --store <store>`, given `timeoutMs` to finish. */
const rolloutRun = (planFile: string, flags: string[], timeoutMs: number) =>
  runCli(['rollout', 'run', planFile, ...flags, '--store', store], { timeoutMs });
const canaryWeight = (flag: string): number => {
  const config = JSON.parse(readFileSync(flagsPath, 'utf8'));
  const found = config.flags.find((f: { key: string }) => f.key === flag);
  if (found.fallthrough.variation !== undefined) return found.fallthrough.variation === 'canary' ? 100 : 0;
  return (
    found.fallthrough.split.weights.find((w: { variation: string }) => w.variation === 'canary').weight / 100
  );
};

describe('rollout validate and start refuse a bad plan with the path of each problem', () => {
  it('names the field of an invalid plan and exits 2', async () => {
    const bad = plan('bad', { ...fastPlan('bad', 'checkout'), steps: [{ weight: 120 }] });
    const result = await runCli(['rollout', 'validate', bad, '--json']);
    expectExit(result, 2);
    expect(result.stderr).toMatch(/steps\[0\]\.weight: must be a number from 0 to 100, got 120/);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'RAMPKIT_INVALID_PLAN' });
    const started = await rollout('start', bad);
    expectExit(started, 2);
  });

  it('accepts a good plan, and with --store checks that its flag exists', async () => {
    const good = await runCli(['rollout', 'validate', plan('good', fastPlan('good', 'checkout'))]);
    expectExit(good, 0);
    expect(good.stdout).toContain('valid: canary rollout of checkout: 10% (hold 1s) → 50% (hold 1s) → 100%');
    const missing = await rollout('validate', plan('missing', fastPlan('m', 'nope')));
    expectExit(missing, 2);
    expect(missing.stderr).toContain('flag: no flag "nope"');
  });
});

describe('operator commands on a started rollout', () => {
  const id = 'search-v2';

  it('starts, lists and shows the rollout; an unknown id exits 2', async () => {
    const started = await rollout('start', plan(id, fastPlan(id, 'search')), '--json');
    expectExit(started, 0);
    expect(JSON.parse(started.stdout)).toMatchObject({ id, flag: 'search', status: 'progressing' });
    const list = await rollout('list', '--json');
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toContain(id);
    const status = await rollout('status');
    expectExit(status, 0);
    expect(status.stdout).toContain(`${id}  progressing`);
    const unknown = await rollout('status', 'nope', '--json');
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('rollout "nope" does not exist');
    expect(JSON.parse(unknown.stdout).error.code).toBe('RAMPKIT_ROLLOUT_NOT_FOUND');
  });

  it('pauses and resumes; refuses an approval with nothing to approve (exit 1)', async () => {
    const paused = await rollout('pause', id, '--reason', 'checking dashboards', '--json');
    expectExit(paused, 0);
    expect(JSON.parse(paused.stdout)).toMatchObject({ status: 'paused' });
    const resumed = await rollout('resume', id, '--json');
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'progressing' });
    const approve = await rollout('approve', id);
    expectExit(approve, 1);
    expect(approve.stderr).toContain('nothing to approve');
  });

  it('aborts (stable serves everyone), retries, rolls back, and records each in the history', async () => {
    const aborted = await rollout('abort', id, '--reason', 'wrong build', '--json');
    expectExit(aborted, 0);
    expect(JSON.parse(aborted.stdout)).toMatchObject({ status: 'aborted', reason: 'wrong build' });
    expect(canaryWeight('search')).toBe(0);
    const retried = await rollout('retry', id, '--json');
    expect(JSON.parse(retried.stdout)).toMatchObject({ status: 'progressing', attempt: 2 });
    const rolledBack = await rollout('rollback', id, '--by', 'alice', '--json');
    expect(JSON.parse(rolledBack.stdout)).toMatchObject({ status: 'rolledBack' });
    const history = await rollout('history', id, '--json');
    const types = JSON.parse(history.stdout)
      .filter((entry: { kind: string }) => entry.kind === 'transition')
      .map((entry: { type: string }) => entry.type);
    expect(types).toEqual(
      expect.arrayContaining(['started', 'paused', 'resumed', 'aborted', 'retried', 'rolledBack']),
    );
    const rollback = JSON.parse(history.stdout).find(
      (entry: { type?: string }) => entry.type === 'rolledBack',
    );
    expect(rollback.by).toBe('alice');
    const text = await rollout('history', id);
    expect(text.stdout).toMatch(/ROLLED BACK\s+rolled back by alice/);
    const pause = await rollout('pause', id);
    expectExit(pause, 1);
    expect(pause.stderr).toContain('the rollout has ended (rolledBack)');
  });
});

describe('rollout run --wait drives the rollout and exits with its outcome', () => {
  const traffic = new FileStateStore({ path: flagsPath, watch: false });
  afterAll(() => traffic.close());

  it('promotes a healthy canary step by step and exits 0, with plain progress lines', async () => {
    const stop = feedMetrics(traffic, 'checkout', { stable: 0.02, canary: 0.01 });
    const result = await rolloutRun(
      plan('checkout-v2', fastPlan('checkout-v2', 'checkout')),
      ['--wait', '--poll-interval', '200ms'],
      45_000,
    );
    await stop();
    expect(result.stderr).toBe('');
    expectExit(result, 0);
    expect(result.stdout).toContain('started rollout checkout-v2 of flag checkout');
    expect(result.stdout).toMatch(/step started\s+step 2 of 3: canary to 50%/);
    expect(result.stdout).toMatch(/verdict pass/);
    expect(result.stdout).toMatch(/checkout-v2 promoted after \d+s: /);
    expect(result.stdout).not.toContain('\u001b[');
    expect(canaryWeight('checkout')).toBe(100);
  });

  it('rolls a failing canary back on its own and exits 1, saying why', async () => {
    const stop = feedMetrics(traffic, 'billing', { stable: 0.01, canary: 0.3 });
    const result = await rolloutRun(
      plan('billing-v2', fastPlan('billing-v2', 'billing')),
      ['--poll-interval', '200ms', '--json'],
      45_000,
    );
    await stop();
    expectExit(result, 1);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ id: 'billing-v2', status: 'rolledBack', weight: 0 });
    expect(status.reason).toMatch(/^(analysis failed 2 times in a row|critical check failed): /);
    expect(result.stderr).toMatch(/ROLLED BACK\s+(analysis failed|critical check failed)/);
    expect(canaryWeight('billing')).toBe(0);
  });

  it('attaches to a finished rollout of the same id instead of starting another, and reports it', async () => {
    const result = await rollout('run', plan('checkout-v2', fastPlan('checkout-v2', 'checkout')));
    expectExit(result, 0);
    expect(result.stdout).toContain('attaching to rollout checkout-v2 (promoted)');
  });

  it('exits 4 when --timeout passes first, leaving the rollout running', async () => {
    const result = await rolloutRun(
      plan('profile-v2', fastPlan('profile-v2', 'profile')),
      ['--timeout', '1s', '--poll-interval', '200ms'],
      30_000,
    );
    expectExit(result, 4);
    expect(result.stderr).toContain('profile-v2: still progressing when --timeout passed');
    expect(result.stderr).toContain(
      'This command no longer drives it: unless a controller in your app holds its lease, nothing moves, judges or rolls it back until `rampkit rollout run <plan> --id profile-v2` attaches to it',
    );
    const status = await rollout('status', 'profile-v2', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'progressing',
      driver: { driven: false, lastHolder: expect.stringMatching(/^rampkit-cli:/) },
    });
    const text = await rollout('status', 'profile-v2');
    expect(text.stdout).toMatch(
      / {2}driver {5}not driven since \S+ \(\d+s ago, last by rampkit-cli:[^)]+\): nothing moves/,
    );
    const list = await rollout('list');
    expect(list.stdout).toMatch(/profile-v2 .* none for \d+s /);
    const paused = await rollout('pause', 'profile-v2');
    expectExit(paused, 0);
    expect(paused.stderr).toContain(
      'note: nothing drives rollout profile-v2: the change is recorded and takes effect when a controller runs it',
    );
  });

  it("gives an ended rollout's ending as its phase, with no driver to name", async () => {
    const ended = await rollout('status', 'checkout-v2', '--json');
    expect(JSON.parse(ended.stdout)).toMatchObject({ status: 'promoted', phase: 'promoted' });
    const text = await rollout('status', 'checkout-v2');
    expect(text.stdout).not.toContain('driver');
  });
});

describe('report', () => {
  it('writes a self-contained HTML page with four charts, and JSON for machines', async () => {
    const output = join(work.dir, 'checkout-v2.html');
    const html = await runCli(['report', 'checkout-v2', '-o', output, '--store', store]);
    expectExit(html, 0);
    const page = readFileSync(output, 'utf8');
    expect(page.match(/<svg class="chart"/g)).toHaveLength(4);
    expect(page).not.toMatch(/<script|src="http|href="http/);
    const json = await runCli(['report', 'checkout-v2', '--format', 'json', '--store', store]);
    const data = JSON.parse(json.stdout);
    expect(data).toMatchObject({
      schema: 1,
      rollout: { id: 'checkout-v2', status: 'promoted' },
      arms: { source: 'metrics' },
    });
    const weights: number[] = data.weight.map((point: { weight: number }) => point.weight);
    expect(weights.filter((weight, i) => weight !== weights[i - 1])).toEqual([0, 10, 50, 100]);
    expect(data.verdicts.length).toBeGreaterThan(0);
  });
});
