/**
 * Heap of a client holding many flags, one SDK per process: `node --expose-gc memory.mjs <sdk> <flags>`
 * prints one JSON line. The flags are the four shapes in turn (as in the 1 vs 10,000 rows). Heap is
 * `heapUsed` after a forced GC, minus the same before the client was made (the SDK's module is
 * already loaded then): after load, and after every flag has been evaluated once for one unit.
 * run.mjs forks it several times per SDK and reports the median (`memoryTable` in report.mjs).
 */
import { SHAPES } from './shapes.mjs';

const [adapterName, flagCount] = [process.argv[2], Number(process.argv[3])];
const adapter = await import(`./adapters/${adapterName}.mjs`);

function gcHeap() {
  // Two passes: the first may only schedule finalisation of what the second frees.
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const flags = [];
for (let i = 0; i < flagCount; i++) {
  const shape = SHAPES[i % SHAPES.length].id;
  flags.push({ shape, key: `${shape}-${i}` });
}
const context = adapter.makeContext(0);
// A client of one flag first, so that lazy set-up inside the SDK (first client, first evaluation)
// is in the baseline rather than counted as the flags'.
const warm = await adapter.createSdk([{ shape: 'rollout', key: 'rollout' }]);
await warm.evaluator('rollout', 'rollout')(context);
await warm.close();

const definitions = flags.map(({ shape, key }) => ({ shape, key }));
const before = gcHeap();
const sdk = await adapter.createSdk(definitions);
const loaded = gcHeap();
let on = 0;
for (const { shape, key } of flags) {
  const value = await sdk.evaluator(shape, key)(context);
  if (value === true || value === 'a') on++;
}
const evaluated = gcHeap();
const rss = process.memoryUsage().rss;
process.stdout.write(
  `${JSON.stringify({ sdk: adapterName, flags: flagCount, loaded: loaded - before, evaluated: evaluated - before, rss, on })}\n`,
);
await sdk.close();
