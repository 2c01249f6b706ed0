import { join } from 'node:path';
import { expect, it } from 'vitest';
import { canaryFlag, expectExit, fastPlan, runCli, writeJson } from './cli.js';

/** Two environments of one kind of store, as `--from` and `--to` name them. */
export interface Environments {
  staging: string;
  prod: string;
  /** A folder for plan files. */
  dir: string;
}

/** `--from <staging> --to <prod>`. */
export function between(environments: Environments): string[] {
  return ['--from', environments.staging, '--to', environments.prod];
}

/**
 * The `flags promote` cases that hold whatever the store (two files, two prefixes of one Redis).
 * Expects a `search` flag in both environments and no rollout of it yet.
 */
export function promotionSuite(environments: () => Environments): void {
  it('refuses to overwrite a flag a live rollout owns in the target, unless --force --reason', async () => {
    const { staging, prod, dir } = environments();
    const envs = between(environments());
    writeJson(join(dir, 'plan.json'), fastPlan('search-v2', 'search'));
    expectExit(await runCli(['rollout', 'start', join(dir, 'plan.json'), '--store', prod]), 0);
    const changed = { ...canaryFlag('search'), description: 'new search' };
    expectExit(await runCli(['flags', 'set', '--inline', JSON.stringify(changed), '--store', staging]), 0);
    const refused = await runCli(['flags', 'promote', 'search', ...envs]);
    expectExit(refused, 1);
    expect(refused.stderr).toContain('flag search is owned by live rollout search-v2');
    const dry = await runCli(['flags', 'promote', 'search', ...envs, '--dry-run']);
    expectExit(dry, 1);
    expect(dry.stdout).toContain('would be refused');
    const forced = await runCli([
      'flags',
      'promote',
      'search',
      ...envs,
      '--force',
      '--reason',
      'incident 88',
    ]);
    expectExit(forced, 0);
    expect(forced.stdout).toContain('overrode rollout search-v2');
    const [entry] = JSON.parse((await runCli(['flags', 'history', '--store', prod, '--json'])).stdout);
    expect(entry).toMatchObject({ action: 'flags.promote.forced' });
    expect(entry.reason).toContain('incident 88');
    expect(entry.reason).toContain('forced over rollout search-v2');
  });
}
