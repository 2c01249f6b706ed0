/**
 * One benchmark server in its own process: `node server.mjs <framework> <variant> [diagnose]`, forked
 * by run.mjs.
 * Reports the variant's port over IPC, then answers `cpu` with its CPU time so far (user + system µs),
 * so run.mjs can charge each measured window's CPU to that server alone, `stats` with Rampkit's
 * counters (rampkit variant only), so run.mjs can check the server did the work it is timed for, and
 * `alloc-start` / `alloc-stop` with the bytes the process allocated in between (V8's sampling heap
 * profiler, counting the objects that garbage collections have freed since), in all and by each of
 * Rampkit's own functions (those in a package's `dist`). `alloc-start` may name the sampling
 * interval in bytes (128 by default).
 *
 * Every process builds all of its framework's variants and only the measured one gets traffic. The
 * processes of one framework are then set up identically, which matters more than it seems: V8 can
 * settle into a slower state for Node's own `process.nextTick` (its tick-object literal falling back
 * to the runtime) depending on what a process loaded and when it collected garbage, and a Fastify
 * request pays about 2 µs for it. Built alike, the processes share that state; built apart, the
 * bare server escaped it while the other two did not (see README.md). With `diagnose`, every process
 * of the run also builds the diagnostic variants.
 */
import { Session } from 'node:inspector/promises';
import { DIAGNOSTIC_VARIANTS, startApp, VARIANTS } from './apps.mjs';

const [framework, variant, diagnose] = process.argv.slice(2);
const apps = new Map();
const built = diagnose === 'diagnose' ? [...VARIANTS, ...DIAGNOSTIC_VARIANTS] : VARIANTS;
for (const name of built) apps.set(name, await startApp(framework, name));
const app = apps.get(variant);
let session;
process.on('message', async (message) => {
  if (message === 'alloc-start' || message?.type === 'alloc-start') {
    session = new Session();
    session.connect();
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: message?.samplingInterval ?? 128,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    process.send({ type: 'alloc-started' });
  } else if (message === 'alloc-stop') {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    process.send({ type: 'alloc', bytes: allocated(profile.head), own: [...ownAllocations(profile.head)] });
  } else if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  } else if (message === 'stats') {
    process.send({ type: 'stats', stats: app.stats?.() ?? null });
  }
});
process.on('disconnect', () => process.exit(0));

/** The bytes a sampling heap profile estimates were allocated: the sum of its nodes' self sizes. */
function allocated(node) {
  let bytes = node.selfSize;
  for (const child of node.children) bytes += allocated(child);
  return bytes;
}
/**
 * The bytes allocated by Rampkit's own functions, by function (`name file:line`): the self sizes of
 * the profile's frames whose script is in one of the workspace's `packages/<name>/dist`. The
 * profiler lists inlined functions as frames of their own, and what a builtin allocates under the
 * function that called it.
 */
function ownAllocations(node, into = new Map()) {
  const { functionName, url, lineNumber } = node.callFrame;
  const own = /\/packages\/([^/]+)\/dist\/(.+)$/.exec(url);
  if (own !== null && node.selfSize > 0) {
    const name = `${functionName || '(anonymous)'} ${own[1]}/${own[2]}:${lineNumber + 1}`;
    into.set(name, (into.get(name) ?? 0) + node.selfSize);
  }
  for (const child of node.children) ownAllocations(child, into);
  return into;
}
process.send({ type: 'ready', port: app.port });
