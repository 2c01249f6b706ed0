/**
 * Rampkit only: the cost of `track()` beside `isEnabled`, issue #22's target ("track() within 2× the
 * cost of isEnabled"). One 50% rollout flag (a split, so an experiment), four rows:
 *
 * - `isEnabled` on a client that does not track (the baseline of the ratios);
 * - `isEnabled` on a tracking client, which records each unit's first exposure;
 * - `track` of an exposed unit's first event since the last flush;
 * - `track` of a further event of the same unit and metric.
 *
 * The units are measured in chunks of `chunkUnits` (a server's traffic between two flushes): each
 * chunk is exposed, tracked twice, then flushed outside the timed loops into a store that keeps
 * nothing, so the rows measure the client's request path and not a store. With more units than
 * `maxTrackedUnits` (1,000,000 against 100,000 by default) the unit ledger turns over many times.
 */
import { compileLoop, timeLoop } from './loops.mjs';

export const TRACKING_ROWS = [
  { id: 'track-isEnabled-untracked', label: '`isEnabled`, client not tracking' },
  { id: 'track-isEnabled-tracked', label: "`isEnabled`, tracking on (records the unit's first exposure)" },
  { id: 'track-first', label: "`track`, an exposed unit's first event since the flush" },
  { id: 'track-again', label: '`track`, a further event of the same unit' },
];

/** Counts what reaches it and keeps nothing: the client's cost without a store's. */
export function discardingStore() {
  const written = { batches: 0, exposures: 0, increments: 0 };
  return {
    written,
    async writeExperimentData(batch) {
      written.batches += 1;
      written.exposures += batch.exposures.length;
      written.increments += batch.increments.length;
    },
    async readExperimentUnits() {
      return [];
    },
  };
}

// A loop for calls that return nothing: it counts them, so the parent can check each one ran.
const CALLS_BODY = `
  let calls = 0;
  for (let i = 0; i < n; i++) {
    fn(contexts[i]);
    calls++;
  }
  return { calls };
`;

/**
 * Builds the four measurements from `sdk = await adapter.createTrackingSdk()`:
 * `{ untracked, tracked, track, flush, written }`.
 */
export function trackingMeasurement(sdk, units, chunkUnits) {
  const loops = {
    untracked: compileLoop('boolean', false),
    tracked: compileLoop('boolean', false),
    first: new Function('fn', 'contexts', 'n', CALLS_BODY),
    again: new Function('fn', 'contexts', 'n', CALLS_BODY),
  };
  const chunks = [];
  for (let from = 0; from < units.length; from += chunkUnits)
    chunks.push(units.slice(from, from + chunkUnits));

  /** One pass over `list` in chunks; returns results by row id. */
  async function pass(list) {
    const totals = Object.fromEntries(TRACKING_ROWS.map(({ id }) => [id, { elapsedNs: 0, cpuNs: 0, n: 0 }]));
    const counts = { on: 0, trackedOn: 0, first: 0, again: 0 };
    const add = (id, t) => {
      totals[id].elapsedNs += t.elapsedNs;
      totals[id].cpuNs += t.cpuNs;
    };
    for (const chunk of list) {
      const n = chunk.length;
      const untracked = await timeLoop(loops.untracked, sdk.untracked, chunk, n);
      const tracked = await timeLoop(loops.tracked, sdk.tracked, chunk, n);
      const first = await timeLoop(loops.first, sdk.track, chunk, n);
      const again = await timeLoop(loops.again, sdk.track, chunk, n);
      add('track-isEnabled-untracked', untracked);
      add('track-isEnabled-tracked', tracked);
      add('track-first', first);
      add('track-again', again);
      for (const row of Object.values(totals)) row.n += n;
      counts.on += untracked.counts.on;
      counts.trackedOn += tracked.counts.on;
      counts.first += first.counts.calls;
      counts.again += again.counts.calls;
      await sdk.flush();
    }
    const results = {};
    for (const [id, t] of Object.entries(totals)) {
      results[id] = { nsPerEval: t.elapsedNs / t.n, cpuNsPerEval: t.cpuNs / t.n, counts };
    }
    return results;
  }

  return {
    warm: (warmUnits) => pass([warmUnits.slice(0, chunkUnits)]),
    run: () => pass(chunks),
  };
}

/**
 * What a correct pass yields: both clients agree on every unit, every call ran, and every event was
 * attributed (each unit was exposed just before its events).
 */
export function checkTracking(results, statsBefore, statsAfter, units) {
  const problems = [];
  const counts = results['track-first'].counts;
  if (counts.on !== counts.trackedOn)
    problems.push(`tracking: isEnabled answered ${counts.on} vs ${counts.trackedOn} on`);
  if (counts.first !== units || counts.again !== units)
    problems.push(`tracking: ${counts.first}/${counts.again} of ${units} track calls ran`);
  const attributed = statsAfter.attributed - statsBefore.attributed;
  if (attributed !== 2 * units) problems.push(`tracking: ${attributed} of ${2 * units} events attributed`);
  return problems;
}
