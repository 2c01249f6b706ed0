import { describe, expect, it } from 'vitest';
import type { FlagsConfig } from '../model/types.js';
import { buildAuditEntry } from './audit-entry.js';
import { appendAudit, auditRetentionOf, DEFAULT_AUDIT_RETENTION } from './audit-retention.js';
import type { AuditEntry } from './types.js';

const config: FlagsConfig = {
  flags: [{ key: 'a', variations: { on: true }, offVariation: 'on', fallthrough: { variation: 'on' } }],
};

describe('an audit entry', () => {
  it('defaults the actor and action, leaves out an empty reason, and cuts a very long one', () => {
    const plain = buildAuditEntry({
      at: 5,
      audit: { reason: '  ' },
      before: undefined,
      after: { version: 1, config },
    });
    expect(plain).toMatchObject({ at: 5, actor: 'unknown', action: 'config.write', toVersion: 1 });
    expect(plain).not.toHaveProperty('reason');
    const long = buildAuditEntry({
      at: 5,
      audit: { reason: 'r'.repeat(5_000) },
      before: { version: 1, config },
      after: { version: 2, config },
    });
    expect(long.reason!.length).toBe(1_000);
    expect(long.fromVersion).toBe(1);
    expect(long.changes).toEqual([]);
  });

  it('ids differ from one entry to the next', () => {
    const write = { at: 1, audit: undefined, before: undefined, after: { version: 1, config } };
    expect(buildAuditEntry(write).id).not.toBe(buildAuditEntry(write).id);
  });
});

describe('audit retention', () => {
  it(`keeps ${DEFAULT_AUDIT_RETENTION} entries by default and refuses a retention that is not a positive integer`, () => {
    expect(auditRetentionOf(undefined)).toBe(DEFAULT_AUDIT_RETENTION);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => auditRetentionOf(bad)).toThrow(/auditRetention/);
  });

  it('drops the oldest entries beyond the retention', () => {
    const entry = (toVersion: number): AuditEntry => ({
      id: String(toVersion),
      at: 0,
      actor: 'a',
      action: 'x',
      toVersion,
      changes: [],
    });
    let kept = [entry(1), entry(2)];
    kept = appendAudit(kept, entry(3), 2);
    expect(kept.map((e) => e.toVersion)).toEqual([2, 3]);
  });
});
