import type { FlagDefinition, FlagsConfig } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import { decodeAdoptedSnapshot } from './adopted-snapshot.js';
import { encodeConfig } from './snapshot-codec.js';

const SLICING = { sliceMs: 2 };

function flag(key: string, offVariation = 'off'): FlagDefinition {
  return { key, variations: { on: true, off: false }, offVariation, fallthrough: { variation: 'on' } };
}

/** The hash the write script would leave for `config` at version 3 (no script checks the content). */
async function stored(config: FlagsConfig): Promise<Record<string, string>> {
  const { fields } = await encodeConfig(config, SLICING);
  const hash: Record<string, string> = { version: '3', updatedAt: '1000' };
  for (let i = 0; i < fields.length; i += 2) hash[fields[i] as string] = fields[i + 1] as string;
  return hash;
}

describe('a stored configuration is checked once, by the store', () => {
  it('a valid one comes back deep-frozen, equal to what was written', async () => {
    const config = { flags: [flag('a'), flag('b')] };
    const snapshot = await decodeAdoptedSnapshot(await stored(config), 'rk:config', SLICING);
    expect(snapshot).toMatchObject({ version: 3, updatedAt: 1000, config });
    expect(Object.isFrozen(snapshot?.config)).toBe(true);
    expect(Object.isFrozen(snapshot?.config.flags[1]?.fallthrough)).toBe(true);
  });

  it('an invalid one comes back as stored, not frozen, for the client to validate and report', async () => {
    const config = { flags: [flag('a', 'missing')] };
    const snapshot = await decodeAdoptedSnapshot(await stored(config), 'rk:config', SLICING);
    expect(snapshot).toMatchObject({ version: 3, config });
    expect(Object.isFrozen(snapshot?.config)).toBe(false);
  });

  it('a hash that is not a snapshot still fails to decode, and an empty one is nothing stored', async () => {
    const hash = await stored({ flags: [flag('a')] });
    delete hash['f:0'];
    await expect(decodeAdoptedSnapshot(hash, 'rk:config', SLICING)).rejects.toThrow('missing chunk f:0');
    expect(await decodeAdoptedSnapshot({}, 'rk:config', SLICING)).toBeNull();
  });
});
