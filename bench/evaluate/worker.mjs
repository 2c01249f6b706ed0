/**
 * One SDK's benchmark process. The parent forks one per SDK (with the network guard preloaded and
 * --expose-gc) and drives it over IPC: `init` builds the contexts and clients, each `round` measures
 * every shape (and this SDK's extra measurements) once, `finish` closes the clients. Only one
 * worker runs at a time, so the SDKs never compete for the CPU.
 *
 * argv[2] is the adapter name, argv[3] a JSON object: { units, warmUnits, allFlagsUnits,
 * allFlagsCount, scalingFlags, scaling, trackChunkUnits }.
 */
import { compileLoop, timeLoop } from './loops.mjs';
import { checkAnswers, SHAPES } from './shapes.mjs';
import { checkTracking, discardingStore, trackingMeasurement } from './tracking.mjs';

const GUARD = Symbol.for('rampkit.bench.networkGuard');
const adapterName = process.argv[2];
const options = JSON.parse(process.argv[3]);
// Every SDK as its docs advise running it in production, however this worker was started.
process.env.NODE_ENV = 'production';
const adapter = await import(`./adapters/${adapterName}.mjs`);
const asynchronous = adapter.asynchronous === true;

function gcHeap() {
  // Two passes: the first may only schedule finalisation of what the second frees.
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

function contexts(n, prefix) {
  const list = new Array(n);
  for (let i = 0; i < n; i++) list[i] = adapter.makeContext(i, prefix);
  return list;
}

/** A measurement: a compiled loop bound to one evaluator, warmed on units that are never measured. */
function measurement(kind, fn) {
  const loop = compileLoop(kind, asynchronous);
  return {
    warm: (warmContexts, n) => timeLoop(loop, fn, warmContexts, n),
    run: (measured, n) => timeLoop(loop, fn, measured, n),
  };
}

let state;

async function init() {
  const units = contexts(options.units, 'user-');
  const warmUnits = contexts(options.warmUnits, 'warm-');
  const sdk = await adapter.createSdk(SHAPES.map(({ id }) => ({ shape: id, key: id })));
  const shapes = SHAPES.map((shape) => ({
    shape,
    m: measurement(shape.kind, sdk.evaluator(shape.id, shape.id)),
  }));
  const extras = [];
  const closers = [() => sdk.close()];

  if (options.scaling) {
    // The cost of one rollout flag when 1 or `scalingFlags` flags are configured.
    for (const count of [1, options.scalingFlags]) {
      const flags = [{ shape: 'rollout', key: 'rollout' }];
      for (let i = 1; i < count; i++) flags.push({ shape: SHAPES[i % SHAPES.length].id, key: `filler-${i}` });
      const scaled = await adapter.createSdk(flags);
      closers.push(() => scaled.close());
      extras.push({
        id: `scaling-${count}`,
        shapeId: 'rollout',
        n: options.units,
        perEval: 1,
        m: measurement('boolean', scaled.evaluator('rollout', 'rollout')),
      });
    }
  }

  if (typeof adapter.allFlagsSize === 'function') {
    // allFlags over `allFlagsCount` flags, the four shapes in turn; the cost is reported per flag.
    const flags = [];
    for (let i = 0; i < options.allFlagsCount; i++) {
      const shape = SHAPES[i % SHAPES.length].id;
      flags.push({ shape, key: `${shape}-${i}` });
    }
    const many = await adapter.createSdk(flags);
    closers.push(() => many.close());
    await checkAllFlags(many, flags, units);
    extras.push({
      id: 'allFlags',
      n: Math.min(options.allFlagsUnits, options.units),
      perEval: options.allFlagsCount,
      m: measurement('allFlags', many.allFlags),
    });
  }

  let tracking;
  if (options.scaling && typeof adapter.createTrackingSdk === 'function') {
    const sdkTracking = await adapter.createTrackingSdk(discardingStore());
    closers.push(() => sdkTracking.close());
    tracking = { sdk: sdkTracking, m: trackingMeasurement(sdkTracking, units, options.trackChunkUnits) };
    await tracking.m.warm(warmUnits);
  }

  // Warm every loop once so that the heap baseline includes compiled code and the SDKs' lazy setup.
  for (const { m } of [...shapes, ...extras]) await m.warm(warmUnits, warmUnits.length);
  const heapBaseline = gcHeap();
  state = { units, warmUnits, shapes, extras, tracking, closers, heapBaseline, rounds: 0 };
  return { name: adapter.name, version: adapter.version(), asynchronous };
}

/** allFlags must return every flag with the value single evaluation gives, on a sample of units. */
async function checkAllFlags(sdk, flags, units) {
  const problems = [];
  for (let i = 0; i < Math.min(200, units.length); i++) {
    const result = await sdk.allFlags(units[i]);
    if (adapter.allFlagsSize(result) !== flags.length) {
      problems.push(`allFlags returned ${adapter.allFlagsSize(result)} flags, expected ${flags.length}`);
      break;
    }
    for (const { shape, key } of flags) {
      const single = await sdk.evaluator(shape, key)(units[i]);
      const fromAll = adapter.allFlagsValue(result, key);
      if (single !== fromAll)
        problems.push(`allFlags ${key} for unit ${i}: ${fromAll}, single evaluation ${single}`);
    }
    if (problems.length > 0) break;
  }
  if (problems.length > 0) throw new Error(`${adapter.name}: ${problems.join('; ')}`);
}

async function round() {
  const { units, warmUnits, shapes, extras } = state;
  const results = {};
  const problems = [];
  for (const { shape, m } of shapes) {
    await m.warm(warmUnits, warmUnits.length);
    const { counts, elapsedNs, cpuNs } = await m.run(units, units.length);
    results[shape.id] = { nsPerEval: elapsedNs / units.length, cpuNsPerEval: cpuNs / units.length, counts };
    problems.push(...checkAnswers(shape.id, counts, units.length).map((p) => `${adapter.name} ${p}`));
  }
  let heapGrowth;
  if (state.rounds === 0) {
    // Growth after the first pass over `units` distinct units (every shape evaluated for each).
    heapGrowth = gcHeap() - state.heapBaseline;
  }
  for (const extra of extras) {
    await extra.m.warm(warmUnits, Math.min(warmUnits.length, extra.n));
    const { counts, elapsedNs, cpuNs } = await extra.m.run(units, extra.n);
    const evaluations = extra.n * extra.perEval;
    results[extra.id] = { nsPerEval: elapsedNs / evaluations, cpuNsPerEval: cpuNs / evaluations, counts };
    if (extra.shapeId !== undefined) {
      problems.push(
        ...checkAnswers(extra.shapeId, counts, extra.n).map((p) => `${adapter.name} ${extra.id} ${p}`),
      );
    }
  }
  if (state.tracking !== undefined) {
    const { sdk, m } = state.tracking;
    await m.warm(warmUnits);
    const before = sdk.stats();
    const tracked = await m.run();
    Object.assign(results, tracked);
    problems.push(...checkTracking(tracked, before, sdk.stats(), units.length));
  }
  state.rounds += 1;
  return { results, problems, heapGrowth, units: units.length };
}

async function finish() {
  for (const close of state?.closers ?? []) await close();
}

const handlers = { init, round, finish };

process.on('message', async (message) => {
  try {
    const payload = await handlers[message.type]();
    const guard = globalThis[GUARD];
    process.send({
      type: message.type,
      ok: true,
      payload,
      blocked: guard?.blocked ?? -1,
      attempts: guard?.attempts ?? [],
    });
    if (message.type === 'finish') process.disconnect();
  } catch (error) {
    process.send({ type: message.type, ok: false, error: error?.stack ?? String(error) });
  }
});
process.send({ type: 'started' });
