import type { AuditLog, ConfigStore, FlagDefinition, FlagsConfig } from '@rampkit/core';
import { isAuditLog, isConflictError } from '@rampkit/core';
import { describe, expect, it } from 'vitest';

type AuditedStore = ConfigStore & AuditLog;

/**
 * Opens a store with nothing written yet; `auditRetention` as given. `again` opens another store on
 * the same data (another process would), or is absent where there is no such thing (memory).
 */
export interface AuditSubject {
  open(options?: {
    auditRetention?: number;
  }): Promise<{ store: AuditedStore; again?: () => Promise<AuditLog> }>;
}

function flag(key: string, enabled = true, variation: 'on' | 'off' = 'on'): FlagDefinition {
  return {
    key,
    enabled,
    variations: { on: true, off: false },
    offVariation: 'off',
    fallthrough: { variation },
  };
}

function config(...flags: FlagDefinition[]): FlagsConfig {
  return { flags };
}

/** The `AuditLog` contract (docs/operations.md, "Audit log"), the same on every store that keeps one. */
export function auditLogSuite(name: string, subject: AuditSubject): void {
  describe(`${name}: every configuration write is in the audit log`, () => {
    it('is an AuditLog', async () => {
      const { store } = await subject.open();
      expect(isAuditLog(store)).toBe(true);
    });

    it('records who, why, what kind of write and the versions, and returns the entry id', async () => {
      const { store } = await subject.open();
      const first = await store.writeConfig(config(flag('checkout')), {
        expectedVersion: 0,
        audit: { actor: 'alice@laptop', reason: 'first flags', action: 'flags.set' },
      });
      const second = await store.writeConfig(config(flag('checkout', false)), {
        expectedVersion: first.version,
        audit: { actor: 'bob@ops', reason: 'checkout errors spiking', action: 'flags.disable' },
      });
      const [latest, earliest] = await store.readAudit();
      expect(earliest).toMatchObject({
        id: first.auditId,
        actor: 'alice@laptop',
        reason: 'first flags',
        action: 'flags.set',
        toVersion: first.version,
        changes: [{ kind: 'flag', key: 'checkout', change: 'added' }],
      });
      expect(earliest).not.toHaveProperty('fromVersion');
      expect(latest).toMatchObject({
        id: second.auditId,
        actor: 'bob@ops',
        reason: 'checkout errors spiking',
        action: 'flags.disable',
        fromVersion: first.version,
        toVersion: second.version,
        changes: [
          {
            kind: 'flag',
            key: 'checkout',
            change: 'changed',
            fields: [{ path: 'enabled', before: true, after: false }],
          },
        ],
      });
      expect(latest!.at).toBeGreaterThanOrEqual(earliest!.at);
    });

    it('a write that names no one is recorded as unknown, config.write, without a reason', async () => {
      const { store } = await subject.open();
      await store.writeConfig(config(flag('a')), { expectedVersion: 0 });
      const [entry] = await store.readAudit();
      expect(entry).toMatchObject({ actor: 'unknown', action: 'config.write' });
      expect(entry).not.toHaveProperty('reason');
    });

    it('lists added, removed and changed flags, with the changed fields’ paths and values', async () => {
      const { store } = await subject.open();
      const v1 = await store.writeConfig(config(flag('a'), flag('b')), { expectedVersion: 0 });
      await store.writeConfig(config(flag('a', true, 'off'), flag('c')), { expectedVersion: v1.version });
      const [entry] = await store.readAudit({ limit: 1 });
      expect(entry!.changes).toEqual([
        {
          kind: 'flag',
          key: 'a',
          change: 'changed',
          fields: [{ path: 'fallthrough.variation', before: 'on', after: 'off' }],
        },
        { kind: 'flag', key: 'b', change: 'removed' },
        { kind: 'flag', key: 'c', change: 'added' },
      ]);
    });

    it('reads newest first, of one flag, and at most `limit` entries', async () => {
      const { store } = await subject.open();
      let version = 0;
      for (const flags of [
        [flag('a')],
        [flag('a'), flag('b')],
        [flag('a', false), flag('b')],
        [flag('a', false)],
      ]) {
        version = (await store.writeConfig(config(...flags), { expectedVersion: version })).version;
      }
      expect((await store.readAudit()).map((entry) => entry.toVersion)).toEqual(
        [4, 3, 2, 1].map((n) => n + version - 4),
      );
      expect((await store.readAudit({ flag: 'b' })).map((entry) => entry.toVersion)).toEqual([
        version,
        version - 2,
      ]);
      expect((await store.readAudit({ flag: 'a', limit: 1 })).map((entry) => entry.toVersion)).toEqual([
        version - 1,
      ]);
      expect(await store.readAudit({ flag: 'nowhere' })).toEqual([]);
    });

    it('keeps the newest `auditRetention` entries', async () => {
      const { store } = await subject.open({ auditRetention: 3 });
      let version = 0;
      for (let i = 0; i < 5; i++) {
        version = (await store.writeConfig(config(flag(`f${i}`)), { expectedVersion: version })).version;
      }
      const kept = await store.readAudit();
      expect(kept.map((entry) => entry.toVersion)).toEqual([version, version - 1, version - 2]);
    });

    it('a refused write (a conflict) records nothing', async () => {
      const { store } = await subject.open();
      const v1 = await store.writeConfig(config(flag('a')), { expectedVersion: 0 });
      const error = await store
        .writeConfig(config(flag('b')), { expectedVersion: v1.version + 5, audit: { actor: 'late' } })
        .catch((e: unknown) => e);
      expect(isConflictError(error)).toBe(true);
      expect((await store.readAudit()).map((entry) => entry.actor)).toEqual(['unknown']);
    });

    it('another store on the same data reads the same entries', async () => {
      const { store, again } = await subject.open();
      if (again === undefined) return;
      const written = await store.writeConfig(config(flag('a')), {
        expectedVersion: 0,
        audit: { actor: 'ci', reason: 'deploy' },
      });
      const other = await again();
      expect((await other.readAudit()).map((entry) => entry.id)).toEqual([written.auditId]);
    });
  });
}
