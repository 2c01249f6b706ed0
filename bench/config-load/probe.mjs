import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Sampling interval of the CPU profile that measures the main thread, in microseconds. */
const SAMPLE_US = 100;

/**
 * Watches the event loop from `start()` to `stop()` and reports the longest block three ways:
 *
 * - `mainMs`: the most main-thread time between two event-loop turns, from a V8 CPU profile taken
 *   meanwhile (samples every 100 µs, each counted for at most two intervals): what the code and the
 *   garbage collection on the main thread held the loop for. The machine's other work does not
 *   count, since a thread that is not scheduled is not sampled.
 * - `wallMs`: the longest wall-clock stretch between two turns (a chain of `setImmediate`s, so any
 *   turn counts). On a shared machine it includes time the thread waited for a core.
 * - `delayMaxMs`: `monitorEventLoopDelay`'s maximum, a second opinion on the wall-clock figure.
 */
export function blockProbe() {
  let running = false;
  let last = 0;
  let wallMs = 0;
  /** Each turn's time on the profile's clock (microseconds, CLOCK_MONOTONIC). */
  const turns = [];
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const session = new Session();
  const tick = () => {
    if (!running) return;
    const now = performance.now();
    if (now - last > wallMs) wallMs = now - last;
    last = now;
    turns.push(Number(process.hrtime.bigint() / 1000n));
    setImmediate(tick);
  };
  return {
    async start() {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
      await session.post('Profiler.start');
      running = true;
      last = performance.now();
      turns.push(Number(process.hrtime.bigint() / 1000n));
      histogram.enable();
      setImmediate(tick);
    },
    /** Resolves after one more turn, so that the turn that ends the work is measured too. */
    async stop() {
      await new Promise((resolve) => setImmediate(resolve));
      running = false;
      histogram.disable();
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const longest = longestBusy(profile, turns);
      return {
        mainMs: longest.ms,
        mainTop: longest.top,
        mainFrom: longest.from,
        mainTo: longest.to,
        codeMs: longest.codeMs,
        wallMs,
        turns: turns.length,
        delayMaxMs: histogram.max / 1e6,
      };
    },
  };
}

/**
 * The most main-thread time the profile shows between two consecutive turns, in milliseconds, and
 * what ran then: the functions most often on top of the stack (`(garbage collector)` for GC), and
 * the turns it lay between (`from`, `to`: microseconds on the profile's clock); `codeMs`, the most
 * main-thread time between two turns that was not the garbage collector (the code's own slices).
 */
function longestBusy(profile, turns) {
  const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName || '(anonymous)']));
  let longest = { ms: 0, top: [], from: 0, to: 0, codeMs: 0 };
  let busy = 0;
  let code = 0;
  let seen = new Map();
  let turn = 1;
  let time = profile.startTime;
  const close = () => {
    if (busy / 1000 > longest.ms) {
      const top = [...seen].sort((a, b) => b[1] - a[1]).slice(0, 3);
      longest = {
        ms: busy / 1000,
        top: top.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)} ms`),
        from: turns[turn - 1],
        to: turns[turn] ?? time,
        codeMs: longest.codeMs,
      };
    }
    if (code / 1000 > longest.codeMs) longest.codeMs = code / 1000;
    busy = 0;
    code = 0;
    seen = new Map();
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i];
    time += delta;
    while (turn < turns.length && turns[turn] <= time) {
      close();
      turn++;
    }
    const name = names.get(profile.samples[i]);
    if (name === '(idle)') continue;
    const us = Math.min(delta, 2 * SAMPLE_US);
    busy += us;
    if (name !== '(garbage collector)') code += us;
    seen.set(name, (seen.get(name) ?? 0) + us);
  }
  close();
  return longest;
}

/** CPU time of this process, in milliseconds. */
export function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
