import { vi } from 'vitest';

/**
 * How many times `work` asks any Map to iterate (keys, values, entries, forEach or for…of).
 * Bounded caches use it to show that forgetting their oldest entry is constant work: iterating a
 * Map from its start skips every slot deleted since its last rehash, so an eviction that asks the
 * Map for its oldest key costs work in proportion to the evictions before it.
 */
export function mapIterationsDuring(work: () => void): number {
  const iterations = [
    vi.spyOn(Map.prototype, 'keys'),
    vi.spyOn(Map.prototype, 'values'),
    vi.spyOn(Map.prototype, 'entries'),
    vi.spyOn(Map.prototype, 'forEach'),
    vi.spyOn(Map.prototype, Symbol.iterator),
  ];
  try {
    work();
    return iterations.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  } finally {
    for (const spy of iterations) spy.mockRestore();
  }
}
