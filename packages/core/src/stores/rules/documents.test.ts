import { describe, expect, it } from 'vitest';
import { isConflictError, isLeaseLostError } from '../../errors/errors.js';
import { documentKeysUnder, nextDocument } from './documents.js';
import { acquireLease, emptyLeaseTable } from './lease.js';

const noLeases = emptyLeaseTable();

describe('documents are written by compare-and-set on the version', () => {
  it('creates a document at version 1 when the writer expects none (version 0)', () => {
    expect(nextDocument('a', undefined, { n: 1 }, { expectedVersion: 0 }, noLeases, 0)).toEqual({
      version: 1,
      value: { n: 1 },
    });
  });

  it('replaces a document when the writer read its current version, and refuses otherwise', () => {
    const current = { version: 3, value: 'old' };
    expect(nextDocument('a', current, 'new', { expectedVersion: 3 }, noLeases, 0)).toEqual({
      version: 4,
      value: 'new',
    });
    const stale = () => nextDocument('a', current, 'new', { expectedVersion: 2 }, noLeases, 0);
    expect(stale).toThrow(/document a: write expected version 2 but the store holds version 3/);
    expect(() => nextDocument('a', undefined, 'x', { expectedVersion: 1 }, noLeases, 0)).toThrow(
      expect.objectContaining({ code: 'RAMPKIT_CONFLICT', expectedVersion: 1, actualVersion: 0 }),
    );
  });
});

describe('a fenced write goes ahead only while the writer’s lease token is current', () => {
  const { table } = acquireLease(noLeases, { name: 'rollout', holder: 'a', ttlMs: 1000 }, 0);
  const fence = { lease: 'rollout', token: 1 };

  it('writes while the lease is live with that token', () => {
    expect(nextDocument('s', undefined, 1, { expectedVersion: 0, fence }, table, 999).version).toBe(1);
  });

  it('refuses once the lease expired, before looking at the version', () => {
    let error: unknown;
    try {
      nextDocument('s', { version: 5, value: 0 }, 1, { expectedVersion: 0, fence }, table, 1000);
    } catch (caught) {
      error = caught;
    }
    expect(isLeaseLostError(error)).toBe(true);
    expect(isConflictError(error)).toBe(false);
  });

  it('refuses a token that is not the current one', () => {
    expect(() =>
      nextDocument('s', undefined, 1, { expectedVersion: 0, fence: { ...fence, token: 2 } }, table, 0),
    ).toThrow(/lease rollout token 2 is no longer current; nothing was changed/);
  });
});

describe('listing documents', () => {
  it('lists the keys under a prefix in code-unit order', () => {
    expect(documentKeysUnder(['rollout/b', 'history/a', 'rollout/a', 'rollout/B'], 'rollout/')).toEqual([
      'rollout/B',
      'rollout/a',
      'rollout/b',
    ]);
  });
});
