/**
 * The measured loops. Each (client, flag) pair gets its own copy of the loop, compiled with
 * `new Function`, so the call `fn(contexts[i])` in it only ever sees one evaluator: with one shared
 * loop the call site would go megamorphic and every SDK would pay for the benchmark's own dispatch.
 * The loops count the answers, which both keeps the work observable (nothing is optimised away)
 * and lets the parent check that each SDK answered as the shape requires.
 */
const AsyncFunction = (async () => {}).constructor;

const BOOLEAN_BODY = `
  let on = 0;
  let outsideOn = 0;
  for (let i = 0; i < n; i++) {
    if (AWAIT fn(contexts[i])) {
      on++;
      if ((i & 1) === 1) outsideOn++;
    }
  }
  return { on, outsideOn };
`;

const VARIANT_BODY = `
  let a = 0;
  let b = 0;
  let c = 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    const v = AWAIT fn(contexts[i]);
    if (v === 'a') a++;
    else if (v === 'b') b++;
    else if (v === 'c') c++;
    else other++;
  }
  return { a, b, c, other };
`;

// The contents of allFlags are checked once outside the timed loop (worker.mjs), so here the
// result is only tested for presence, which costs the same for every SDK.
const ALL_FLAGS_BODY = `
  let answered = 0;
  for (let i = 0; i < n; i++) {
    if ((AWAIT fn(contexts[i])) !== undefined) answered++;
  }
  return { answered };
`;

const BODIES = { boolean: BOOLEAN_BODY, variant: VARIANT_BODY, allFlags: ALL_FLAGS_BODY };

/** A fresh loop `(fn, contexts, n) => counts` (a Promise of counts when `asynchronous`). */
export function compileLoop(kind, asynchronous) {
  const body = BODIES[kind].replaceAll('AWAIT ', asynchronous ? 'await ' : '');
  const Ctor = asynchronous ? AsyncFunction : Function;
  return new Ctor('fn', 'contexts', 'n', body);
}

/**
 * Runs `loop` over the first `n` contexts; returns the counts, the elapsed wall-clock nanoseconds
 * and the process's CPU nanoseconds over the same span. On a shared machine the CPU time is the
 * steadier of the two: it leaves out the time the process waited for a core.
 */
export async function timeLoop(loop, fn, contexts, n) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const counts = await loop(fn, contexts, n);
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuStart);
  return { counts, elapsedNs, cpuNs: (cpu.user + cpu.system) * 1000 };
}
