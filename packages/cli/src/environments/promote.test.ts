import {
  type AuditEntry,
  type ConfigWriteOptions,
  type FlagDefinition,
  type FlagsConfig,
  MemoryStore,
} from '@rampkit/core';
import { createRolloutController } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { diffEnvironments } from './config-diff.js';
import { type PromoteRequest, promoteFlags } from './promote.js';

function canary(key: string, extra: Partial<FlagDefinition> = {}): FlagDefinition {
  return {
    key,
    kind: 'canary',
    variations: { canary: 'v2', stable: 'v1' },
    offVariation: 'stable',
    fallthrough: { variation: 'stable' },
    ...extra,
  };
}

const staging = (): FlagsConfig => ({
  flags: [
    canary('checkout', {
      version: 7,
      rules: [{ segments: ['beta'], variation: 'canary' }],
      fallthrough: {
        split: {
          weights: [
            { variation: 'canary', weight: 2_500 },
            { variation: 'stable', weight: 7_500 },
          ],
        },
      },
    }),
    canary('search'),
    canary('new-ui'),
  ],
  segments: [{ key: 'beta', included: ['u1', 'u2'] }],
});

const production = (): FlagsConfig => ({
  flags: [canary('checkout', { version: 3 }), canary('search', { version: 9 }), canary('legacy')],
});

function environments(source = staging(), target = production()) {
  return { source: new MemoryStore({ config: source }), target: new MemoryStore({ config: target }) };
}

function request(
  source: MemoryStore,
  target: MemoryStore,
  extra: Partial<PromoteRequest> = {},
): PromoteRequest & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    source: { store: source, name: 'staging' },
    target: { store: target, name: 'prod' },
    keys: ['checkout'],
    dryRun: false,
    force: false,
    audit: { actor: 'alice@laptop', reason: 'release 4.2' },
    now: Date.now,
    warn: (message) => warnings.push(message),
    warnings,
    ...extra,
  };
}

async function startRollout(store: MemoryStore, flag: string, id: string): Promise<void> {
  const controller = createRolloutController({ store, drive: false });
  await controller.start({
    id,
    flag,
    strategy: 'canary',
    steps: [{ weight: 10, hold: '1m' }, { weight: 100 }],
  });
}

describe('flags diff: how two environments differ', () => {
  it('names flags on one side only and every differing field by its path, a version counter aside', async () => {
    const { source, target } = environments();
    const diff = diffEnvironments(
      { store: 'staging', snapshot: await source.loadConfig() },
      { store: 'prod', snapshot: await target.loadConfig() },
    );
    expect(diff.identical).toBe(false);
    expect(diff.summary).toEqual({
      flags: { onlyInFrom: 1, onlyInTo: 1, changed: 1, same: 1 },
      segments: { onlyInFrom: 1, onlyInTo: 0, changed: 0, same: 0 },
    });
    expect(diff.differences).toEqual([
      {
        kind: 'flag',
        key: 'checkout',
        status: 'changed',
        fields: [
          { path: 'fallthrough.split', from: staging().flags[0]?.fallthrough.split },
          { path: 'fallthrough.variation', to: 'stable' },
          { path: 'rules', from: [{ segments: ['beta'], variation: 'canary' }] },
        ],
      },
      { kind: 'flag', key: 'legacy', status: 'only-in-to' },
      { kind: 'flag', key: 'new-ui', status: 'only-in-from' },
      { kind: 'segment', key: 'beta', status: 'only-in-from' },
    ]);
  });

  it('compares weights one by one, and only the flags asked for with the segments they use', async () => {
    const ramped = (canaryWeight: number) =>
      canary('checkout', {
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: canaryWeight },
              { variation: 'stable', weight: 10_000 - canaryWeight },
            ],
          },
        },
      });
    const a = new MemoryStore({ config: { flags: [ramped(2_500), canary('x', { enabled: false })] } });
    const b = new MemoryStore({ config: { flags: [ramped(10_000), canary('x')] } });
    const diff = diffEnvironments(
      { store: 'a', snapshot: await a.loadConfig() },
      { store: 'b', snapshot: await b.loadConfig() },
      ['checkout'],
    );
    expect(diff.differences).toEqual([
      {
        kind: 'flag',
        key: 'checkout',
        status: 'changed',
        fields: [
          { path: 'fallthrough.split.weights[0].weight', from: 2_500, to: 10_000 },
          { path: 'fallthrough.split.weights[1].weight', from: 7_500, to: 0 },
        ],
      },
    ]);
    expect(diff.summary.flags).toEqual({ onlyInFrom: 0, onlyInTo: 0, changed: 1, same: 0 });
  });

  it('two environments with the same flags are identical, whatever their versions', async () => {
    const a = new MemoryStore({ config: { flags: [canary('x', { version: 4 })] } });
    const b = new MemoryStore({ config: { flags: [canary('x', { version: 1 })] } });
    await b.writeConfig({ flags: [canary('x', { version: 1 })] }, { expectedVersion: 1 });
    const diff = diffEnvironments(
      { store: 'a', snapshot: await a.loadConfig() },
      { store: 'b', snapshot: await b.loadConfig() },
    );
    expect(diff).toMatchObject({
      identical: true,
      from: { version: 1 },
      to: { version: 2 },
      differences: [],
    });
  });
});

describe('flags promote: flags and their segments copied through compare-and-set', () => {
  it('copies the flag and the segment its rules use, bumps its version, keeps the rest, and audits the write', async () => {
    const { source, target } = environments();
    const result = await promoteFlags(request(source, target));
    expect(result).toMatchObject({
      from: { store: 'staging', version: 1 },
      to: { store: 'prod', version: 1 },
      version: 2,
      flags: [{ key: 'checkout', change: 'updated' }],
      segments: [{ key: 'beta', change: 'added' }],
      owned: [],
    });
    const after = (await target.loadConfig())?.config as FlagsConfig;
    expect(after.flags.map((flag) => flag.key)).toEqual(['checkout', 'search', 'legacy']);
    expect(after.flags[0]).toEqual({ ...staging().flags[0], version: 4 });
    expect(after.segments).toEqual(staging().segments);
    const diff = diffEnvironments(
      { store: 'staging', snapshot: await source.loadConfig() },
      { store: 'prod', snapshot: await target.loadConfig() },
      ['checkout'],
    );
    expect(diff.identical).toBe(true);
    const [entry] = (await target.readAudit()) as AuditEntry[];
    expect(entry).toMatchObject({
      id: result.auditId,
      actor: 'alice@laptop',
      action: 'flags.promote',
      reason: 'release 4.2 (from staging version 1)',
      fromVersion: 1,
      toVersion: 2,
    });
    expect(entry?.changes.map((change) => `${change.kind} ${change.key} ${change.change}`)).toEqual([
      'flag checkout changed',
      'segment beta added',
    ]);
  });

  it('a second promotion of the same flags writes nothing', async () => {
    const { source, target } = environments();
    await promoteFlags(request(source, target));
    const again = await promoteFlags(request(source, target));
    expect(again).toMatchObject({ version: 2, changes: [], flags: [{ change: 'unchanged' }] });
    expect(again.auditId).toBeUndefined();
    expect(await target.readAudit()).toHaveLength(1);
  });

  it('a dry run shows the changes it would make and writes nothing', async () => {
    const { source, target } = environments();
    const result = await promoteFlags(
      request(source, target, { dryRun: true, keys: ['checkout', 'new-ui'] }),
    );
    expect(result.dryRun).toBe(true);
    expect(result.version).toBe(1);
    expect(result.changes.map((change) => `${change.kind} ${change.key} ${change.change}`)).toEqual([
      'flag checkout changed',
      'flag new-ui added',
      'segment beta added',
    ]);
    expect(result.changes[0]?.fields).toContainEqual({ path: 'version', before: 3, after: 4 });
    expect((await target.loadConfig())?.version).toBe(1);
    expect(await target.readAudit()).toHaveLength(0);
  });

  it('refuses keys the source lacks, naming every one, and writes nothing', async () => {
    const { source, target } = environments();
    await expect(
      promoteFlags(request(source, target, { keys: ['checkout', 'nope', 'gone'] })),
    ).rejects.toMatchObject({
      code: 'RAMPKIT_FLAG_NOT_FOUND',
      exitCode: 2,
      message: 'no flag "nope", "gone" in staging (it has checkout, search, new-ui); nothing was promoted',
    });
    expect((await target.loadConfig())?.version).toBe(1);
  });

  it('refuses a result that would be invalid, with the path of the issue, and writes nothing', async () => {
    const source = new MemoryStore({
      config: {
        flags: [
          canary('gate'),
          canary('checkout', { prerequisites: [{ flag: 'gate', variations: ['canary'] }] }),
        ],
      },
    });
    const target = new MemoryStore({ config: production() });
    const error = await promoteFlags(request(source, target)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RAMPKIT_INVALID_CONFIG' });
    expect((error as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual([
      'flags["checkout"].prerequisites[0].flag',
    ]);
    expect((await target.loadConfig())?.version).toBe(1);
  });

  it('a write to the target between the read and the write is a conflict: nothing written, no retry', async () => {
    const { source, target } = environments();
    let meddled = false;
    let writes = 0;
    const racing = {
      getDocument: target.getDocument.bind(target),
      putDocument: target.putDocument.bind(target),
      listDocuments: target.listDocuments.bind(target),
      async loadConfig() {
        const snapshot = await target.loadConfig();
        if (!meddled) {
          meddled = true;
          // Someone disables `search` in production just after the promotion read it.
          const config = snapshot?.config as FlagsConfig;
          const flags = config.flags.map((flag) =>
            flag.key === 'search' ? { ...flag, enabled: false } : flag,
          );
          await target.writeConfig({ ...config, flags }, { expectedVersion: snapshot?.version ?? 0 });
        }
        return snapshot;
      },
      writeConfig(config: FlagsConfig, options: ConfigWriteOptions) {
        writes += 1;
        return target.writeConfig(config, options);
      },
    } as unknown as MemoryStore;
    await expect(promoteFlags(request(source, racing))).rejects.toMatchObject({
      code: 'RAMPKIT_CONFLICT',
      exitCode: 1,
      message:
        'prod changed while promoting (it was at version 1 when read): nothing was written; compare again (rampkit flags diff) and promote again',
    });
    expect(writes).toBe(1);
    const now = await target.loadConfig();
    expect(now?.version).toBe(2);
    expect(now?.config.flags[0]).toEqual(production().flags[0]);
    expect(now?.config.flags[1]?.enabled).toBe(false);
  });
});

describe('flags promote does not fight a live rollout', () => {
  it('refuses to overwrite a flag a live rollout owns in the target; a dry run says it would refuse', async () => {
    const { source, target } = environments();
    await startRollout(target, 'checkout', 'checkout-v2');
    const before = (await target.loadConfig())?.version;
    await expect(promoteFlags(request(source, target))).rejects.toMatchObject({
      code: 'RAMPKIT_ROLLOUT_ACTIVE',
      exitCode: 1,
      message:
        'flag checkout is owned by live rollout checkout-v2 (progressing) in prod: promoting would overwrite what the rollout controls; finish, abort or roll it back first, or pass --force --reason "…"',
    });
    const dry = await promoteFlags(request(source, target, { dryRun: true }));
    expect(dry.refusal).toMatch(/owned by live rollout checkout-v2/);
    expect(dry.owned).toEqual([{ flag: 'checkout', rolloutId: 'checkout-v2', status: 'progressing' }]);
    expect((await target.loadConfig())?.version).toBe(before);
    // Another flag of the same target is free to promote.
    await expect(promoteFlags(request(source, target, { keys: ['new-ui'] }))).resolves.toMatchObject({
      flags: [{ key: 'new-ui', change: 'added' }],
    });
  });

  it('overwrites it with --force, recording what it overrode in the audit log', async () => {
    const { source, target } = environments();
    await startRollout(target, 'checkout', 'checkout-v2');
    const result = await promoteFlags(
      request(source, target, { force: true, audit: { actor: 'oncall', reason: 'hotfix config' } }),
    );
    expect(result.owned).toEqual([{ flag: 'checkout', rolloutId: 'checkout-v2', status: 'progressing' }]);
    const [entry] = await target.readAudit({ limit: 1 });
    expect(entry).toMatchObject({
      id: result.auditId,
      actor: 'oncall',
      action: 'flags.promote.forced',
      reason:
        'hotfix config (from staging version 1; forced over rollout checkout-v2 (progressing) of checkout)',
    });
  });

  it('warns when the source flag is mid-rollout: its split is copied as it is', async () => {
    const { source, target } = environments();
    await startRollout(source, 'search', 'search-v2');
    const req = request(source, target, { keys: ['search'] });
    await promoteFlags(req);
    expect(req.warnings).toEqual([
      'flag search is under rollout search-v2 (progressing) in staging: its definition is copied as it is now, split included',
    ]);
  });
});
