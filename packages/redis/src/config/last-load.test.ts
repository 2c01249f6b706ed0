import type { ConfigSnapshot } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import type { Observed, StoredIdentity } from './config-history.js';
import { LastLoad } from './last-load.js';

const stored: StoredIdentity = { version: 3, generation: 'g', digest: 'd3' };
const seen: Observed = { step: 'first', version: 3, generation: 'g' };
const snapshot: ConfigSnapshot = { version: 3, config: { flags: [] }, updatedAt: 1, generation: 'g' };

describe('LastLoad shares a load only with a read of the same stored configuration', () => {
  it('a read while the load decodes gets the same decode', () => {
    const last = new LastLoad();
    const decoding = Promise.resolve(snapshot);
    last.remember(stored, seen, decoding);
    expect(last.find(stored, { ...seen, step: 'same' })).toBe(decoding);
  });

  it('once decoded, a read gets the same configuration under the same version and name', async () => {
    const last = new LastLoad();
    const decoding = Promise.resolve(snapshot);
    last.remember(stored, seen, decoding);
    await decoding;
    const found = last.find(stored, { ...seen, step: 'same' });
    expect(found).not.toBe(decoding);
    expect(await found).toEqual(snapshot);
    expect((await found)?.config).toBe(snapshot.config);
  });

  it.each([
    ['a later version', { ...stored, version: 4 }, seen],
    ['the same version with other content', { ...stored, digest: 'other' }, seen],
    ['another generation', { ...stored, generation: 'h' }, seen],
    ['the same content after the history went back (renamed)', stored, { ...seen, generation: 'g~1' }],
  ])('%s is not shared', async (_, other, named) => {
    const last = new LastLoad();
    const decoding = Promise.resolve(snapshot);
    last.remember(stored, seen, decoding);
    await decoding;
    expect(last.find(other, named)).toBeUndefined();
  });

  it('a load that failed, or found nothing, is not shared', async () => {
    const last = new LastLoad();
    const failed = Promise.reject(new Error('unreadable'));
    last.remember(stored, seen, failed);
    await failed.catch(() => undefined);
    expect(last.find(stored, seen)).toBeUndefined();
    const nothing = Promise.resolve(null);
    last.remember(stored, seen, nothing);
    await nothing;
    expect(last.find(stored, seen)).toBeUndefined();
  });

  it('only the last load is remembered', async () => {
    const last = new LastLoad();
    last.remember(stored, seen, Promise.resolve(snapshot));
    const next = { ...stored, version: 4, digest: 'd4' };
    const decoding = Promise.resolve({ ...snapshot, version: 4 });
    last.remember(next, { ...seen, version: 4 }, decoding);
    await decoding;
    expect(last.find(stored, seen)).toBeUndefined();
    expect((await last.find(next, { ...seen, version: 4 }))?.version).toBe(4);
  });
});
