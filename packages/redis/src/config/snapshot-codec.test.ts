import type { FlagDefinition, FlagsConfig } from '@rampkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, decodeSnapshot, encodeConfig } from './snapshot-codec.js';

function flags(count: number, padding = 0): FlagDefinition[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `flag-${i}`,
    description: 'x'.repeat(padding),
    variations: { on: true, off: false },
    offVariation: 'off',
    fallthrough: { variation: 'on' },
  }));
}

async function roundTrip(config: FlagsConfig, slicing = { sliceMs: 2 }) {
  const { fields: pairs } = await encodeConfig(config, slicing);
  const hash: Record<string, string> = { version: '7', updatedAt: '1000' };
  for (let i = 0; i < pairs.length; i += 2) hash[pairs[i] as string] = pairs[i + 1] as string;
  return { hash, snapshot: await decodeSnapshot(hash, slicing) };
}

describe('a stored configuration reads back exactly as written', () => {
  it('any flags, segments and extra top-level fields survive the chunked round trip', async () => {
    const item = fc.record({ key: fc.string(), value: fc.jsonValue() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 40 }),
        fc.option(fc.array(item, { maxLength: 5 }), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        async (flagItems, segmentItems, schema) => {
          const config = {
            flags: flagItems,
            ...(segmentItems === undefined ? {} : { segments: segmentItems }),
            ...(schema === undefined ? {} : { $schema: schema }),
          } as unknown as FlagsConfig;
          const { snapshot } = await roundTrip(config);
          expect(snapshot).toEqual({
            version: 7,
            updatedAt: 1000,
            config: JSON.parse(JSON.stringify(config)),
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an empty hash means nothing is stored', async () => {
    expect(await decodeSnapshot({}, { sliceMs: 2 })).toBeNull();
  });
});

describe('large configurations are stored in bounded chunks and parsed in slices', () => {
  it('no chunk holds much more than CHUNK_CHARS', async () => {
    const { hash } = await roundTrip({ flags: flags(3000, 100) });
    const chunks = Object.keys(hash).filter((field) => field.startsWith('f:'));
    expect(chunks.length).toBeGreaterThan(3);
    for (const field of chunks) expect((hash[field] as string).length).toBeLessThan(CHUNK_CHARS + 1024);
  });

  it('other work runs between chunks while a configuration is decoded', async () => {
    const { hash } = await roundTrip({ flags: flags(3000, 100) });
    const chunkCount = Object.keys(hash).filter((field) => field.startsWith('f:')).length;
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns += 1;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    // A zero budget yields after every step: the decoder must have one per chunk at least.
    const snapshot = await decodeSnapshot(hash, { sliceMs: 0 });
    counting = false;
    expect(snapshot?.config.flags).toHaveLength(3000);
    expect(turns).toBeGreaterThanOrEqual(chunkCount);
  });
});

describe('an unreadable hash is refused, not half-read', () => {
  it('a missing chunk or an unknown format throws', async () => {
    const { hash } = await roundTrip({ flags: flags(2000, 100) });
    const { 'f:1': _dropped, ...missing } = hash;
    await expect(decodeSnapshot(missing, { sliceMs: 2 })).rejects.toThrow('missing chunk f:1');
    const meta = JSON.parse(hash.meta as string);
    const future = { ...hash, meta: JSON.stringify({ ...meta, format: 99 }) };
    await expect(decodeSnapshot(future, { sliceMs: 2 })).rejects.toThrow('format 99');
  });
});

describe('the digest names the content', () => {
  const digestOf = async (config: FlagsConfig) => (await encodeConfig(config, { sliceMs: 2 })).digest;

  it('the same configuration always has the same digest, whatever the slicing', async () => {
    const config = { flags: flags(3000, 100), segments: [{ key: 'beta', included: ['u1'] }] };
    const sliced = await encodeConfig(config, { sliceMs: 0 });
    expect(sliced.digest).toBe(await digestOf(structuredClone(config)));
    expect(sliced.digest).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('any change to a flag, a segment or a top-level field changes it', async () => {
    const base: FlagsConfig = { flags: flags(3000, 100), segments: [] };
    const digests = new Set([
      await digestOf(base),
      await digestOf({
        ...base,
        flags: [...base.flags.slice(0, 2999), { ...base.flags[2999]!, enabled: false }],
      }),
      await digestOf({ ...base, flags: base.flags.slice(1) }),
      await digestOf({ ...base, segments: [{ key: 'beta', included: ['u1'] }] }),
      await digestOf({ flags: base.flags }),
      await digestOf({ ...base, $schema: 'https://example.com/flags.json' }),
    ]);
    expect(digests.size).toBe(6);
  });
});
