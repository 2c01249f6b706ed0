/**
 * Adds two partials: numbers add; lists named `…ByRead` (counts per read) add element-wise; lists named
 * `…Runs` (one entry per run) concatenate; objects merge key by key.
 */
export function mergeDeep(a, b, key = '') {
  if (typeof a === 'number') return a + b;
  if (Array.isArray(a)) {
    if (key.endsWith('ByRead')) return a.map((v, i) => v + b[i]);
    if (key.endsWith('Runs')) return [...a, ...b];
    throw new Error(`cannot merge the list ${key}: name it …ByRead or …Runs`);
  }
  const out = {};
  for (const k of Object.keys(a)) out[k] = mergeDeep(a[k], b[k], k);
  return out;
}

/** Every section; `scale` shrinks the run counts (quick mode). */
