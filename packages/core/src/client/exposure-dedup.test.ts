import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { mapIterationsDuring } from '../internal/map-iterations.test-helper.js';
import { createClient } from './client.js';
import { clientFlags } from './client.test-helper.js';
import { type ExposedFlag, ExposureDedup } from './exposure-dedup.js';

const config = clientFlags('banner');

/** One object per flag version, as the client's compiled flags are. */
const flags = new Map<string, ExposedFlag>();
function flag(key: string, version: number): ExposedFlag {
  const id = `${version}/${key}`;
  if (!flags.has(id)) flags.set(id, { key, version });
  return flags.get(id)!;
}

/** The heap in use after full collections (V8's `gc`, switched on for this process). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('exposure de-duplication remembers a fixed-size digest per (unit, flag, version)', () => {
  it('keeps the heap bounded per unit however long the ids a client sends', () => {
    const client = createClient({ flags: config });
    let exposures = 0;
    client.on('exposure', () => {
      exposures += 1;
    });
    const units = 1_000;
    const idLength = 64 * 1024;
    const before = heapAfterGc();
    for (let i = 0; i < units; i++) {
      client.variation('banner', { targetingKey: `${i}-`.padEnd(idLength, 'x') });
    }
    const grown = heapAfterGc() - before;
    expect(exposures).toBe(units);
    // Kept whole, the ids would hold 1,000 × 64 KB = 62.5 MB; a digest per unit is a few dozen bytes.
    expect(grown).toBeLessThan(4 * 1024 * 1024);
    // And the units are still told apart: each is exposed once within the window.
    client.variation('banner', { targetingKey: '0-'.padEnd(idLength, 'x') });
    client.variation('banner', { targetingKey: '1-'.padEnd(idLength, 'y') });
    expect(exposures).toBe(units + 1);
    void client.close();
  });

  it('tells triples apart by flag, version and unit, whatever their separators', () => {
    const dedup = new ExposureDedup(1_000, 100);
    expect(dedup.shouldEmit(flag('a', 1), 'u', 0)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 1), 'u', 1)).toBe(false);
    expect(dedup.shouldEmit(flag('a', 2), 'u', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('b', 1), 'u', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 1), 'v', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 1), '', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 1), 'u', 1_000)).toBe(true);
    expect(dedup.size).toBe(5);
    // Keys and units that would run together if the three were only joined with a separator.
    expect(dedup.shouldEmit(flag('a\u00001', 1), 'u', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 1), '1\u0000u', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a:1', 1), 'u', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 11), 'u', 1)).toBe(true);
    expect(dedup.shouldEmit(flag('a', 1), '1u', 1)).toBe(true);
    expect(dedup.size).toBe(10);
  });

  it('forgets the oldest first past maxEntries', () => {
    const dedup = new ExposureDedup(1_000, 3);
    for (const unit of ['u1', 'u2', 'u3', 'u4']) expect(dedup.shouldEmit(flag('a', 1), unit, 0)).toBe(true);
    expect(dedup.size).toBe(3);
    expect(dedup.shouldEmit(flag('a', 1), 'u4', 1)).toBe(false);
    expect(dedup.shouldEmit(flag('a', 1), 'u1', 1)).toBe(true);
  });
});

describe('the exposure dedup at its bound', () => {
  it('forgetting the oldest entry does not iterate the Map (constant work per exposure)', () => {
    const dedup = new ExposureDedup(60_000, 1_000);
    const banner = flag('banner', 1);
    for (let i = 0; i < 1_000; i += 1) dedup.shouldEmit(banner, `user-${i}`, 0);
    const calls = mapIterationsDuring(() => {
      for (let i = 1_000; i < 20_000; i += 1) dedup.shouldEmit(banner, `user-${i}`, 0);
    });
    expect(dedup.size).toBe(1_000);
    expect(calls).toBe(0);
    // The newest 1,000 are still known, the ones before them forgotten.
    expect(dedup.shouldEmit(banner, 'user-19999', 1)).toBe(false);
    expect(dedup.shouldEmit(banner, 'user-19000', 1)).toBe(false);
    expect(dedup.shouldEmit(banner, 'user-18999', 1)).toBe(true);
  });

  it('a triple exposed again after its window counts as the newest; the bound holds', () => {
    const dedup = new ExposureDedup(10, 2);
    const banner = flag('banner', 1);
    expect(dedup.shouldEmit(banner, 'u1', 0)).toBe(true);
    expect(dedup.shouldEmit(banner, 'u2', 0)).toBe(true);
    expect(dedup.shouldEmit(banner, 'u1', 20)).toBe(true); // window over: emitted, now the newest
    expect(dedup.shouldEmit(banner, 'u1', 25)).toBe(false);
    expect(dedup.shouldEmit(banner, 'u3', 25)).toBe(true); // u2 is the oldest now: it goes
    expect(dedup.size).toBe(2);
    expect(dedup.shouldEmit(banner, 'u1', 26)).toBe(false);
    expect(dedup.shouldEmit(banner, 'u3', 26)).toBe(false);
    for (let i = 0; i < 100; i += 1) dedup.shouldEmit(banner, 'u1', 40 + i * 20);
    expect(dedup.size).toBeLessThanOrEqual(2);
  });
});
