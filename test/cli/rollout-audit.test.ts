import { FileStateStore } from '@rampkit/cli';
import { createRolloutController } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { expectExit, fastPlan, runCli } from './support/cli.js';
import { flagsFileWorkspace } from './support/workspace.js';

const { flagsPath, store, plan } = flagsFileWorkspace('rollout-audit', ['checkout', 'search']);

interface Entry {
  actor: string;
  action: string;
  reason?: string;
}

async function newestEntry(flag: string): Promise<Entry> {
  const history = await runCli(['flags', 'history', flag, '--store', store, '--json']);
  expectExit(history, 0);
  return JSON.parse(history.stdout)[0];
}

async function start(id: string, flag: string): Promise<void> {
  expectExit(await runCli(['rollout', 'start', plan(id, fastPlan(id, flag)), '--store', store]), 0);
}

/** One tick of a controller in this process, which then lets the rollout's lease go. */
async function tick(): Promise<void> {
  const controller = createRolloutController({
    store: new FileStateStore({ path: flagsPath, watch: false }),
    instanceId: 'controller-a',
  });
  try {
    await controller.tick();
  } finally {
    await controller.close();
  }
}

describe("an operator's rollout command is in the audit log under their name and reason", () => {
  it('abort and rollback: --actor and --reason name the weight write; --by still works', async () => {
    await start('search-v2', 'search');
    await tick();
    const aborted = ['rollout', 'abort', 'search-v2', '--actor', 'carol@laptop', '--reason', 'wrong build'];
    expectExit(await runCli([...aborted, '--store', store]), 0);
    const abort = await newestEntry('search');
    expect(abort).toMatchObject({ actor: 'carol@laptop', action: 'rollout.abort' });
    expect(abort.reason).toContain('wrong build');

    expectExit(await runCli(['rollout', 'retry', 'search-v2', '--store', store]), 0);
    await tick();
    const rolledBack = [
      'rollout',
      'rollback',
      'search-v2',
      '--by',
      'alice',
      '--reason',
      'smoke tests failed',
    ];
    expectExit(await runCli([...rolledBack, '--store', store]), 0);
    const rollback = await newestEntry('search');
    expect(rollback).toMatchObject({ actor: 'alice', action: 'rollout.rollback' });
    expect(rollback.reason).toContain('smoke tests failed');
  });

  it('promote: the controller that carries it out writes the weight in the operator’s name', async () => {
    await start('checkout-v2', 'checkout');
    const promoted = [
      'rollout',
      'promote',
      'checkout-v2',
      '--full',
      '--actor',
      'bob@ci',
      '--reason',
      'QA signed off',
    ];
    expectExit(await runCli([...promoted, '--store', store]), 0);
    await tick();
    const status = await runCli(['rollout', 'status', 'checkout-v2', '--store', store, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ weight: 100 });
    const promote = await newestEntry('checkout');
    expect(promote).toMatchObject({ actor: 'bob@ci', action: 'rollout.promote' });
    expect(promote.reason).toContain('QA signed off');
    expect(promote.reason).toContain('controller-a');
  });
});
