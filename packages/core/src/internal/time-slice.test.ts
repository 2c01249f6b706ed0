import { describe, expect, it } from 'vitest';
import { runSteps, runStepsInSlices, type Steps, untilAbandoned } from './time-slice.js';

/** `count` steps, logging each, then returns `result`. */
function* counted<T>(count: number, result: T, log: number[] = []): Steps<T> {
  for (let i = 0; i < count; i++) {
    log.push(i);
    yield;
  }
  return result;
}

function* failing(afterSteps: number): Steps<never> {
  yield* counted(afterSteps, undefined);
  throw new Error(`failed after ${afterSteps} steps`);
}

describe('steps run to completion in one go', () => {
  it('runSteps returns what the steps return, after every step ran', () => {
    const log: number[] = [];
    expect(runSteps(counted(5, 'done', log))).toBe('done');
    expect(log).toEqual([0, 1, 2, 3, 4]);
  });

  it('runSteps throws what the steps throw', () => {
    expect(() => runSteps(failing(3))).toThrow('failed after 3 steps');
  });
});

describe('sliced steps give the event loop a turn between slices', () => {
  it('a spent slice budget pauses at every clock reading, so the pauses are counted in steps', async () => {
    let pauses = 0;
    const result = await runStepsInSlices(
      counted(100, 'done'),
      { sliceMs: 0 },
      {
        clockEvery: 10,
        onPause: () => pauses++,
      },
    );
    expect(result).toBe('done');
    expect(pauses).toBe(10);
  });

  it('other tasks run while the work is paused, before it completes', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    const work = runStepsInSlices(counted(50, 'work'), { sliceMs: 0 }, { clockEvery: 1 }).then((value) =>
      order.push(value),
    );
    await work;
    expect(order).toEqual(['timer', 'work']);
  });

  it('an unlimited slice never pauses', async () => {
    let pauses = 0;
    await runStepsInSlices(
      counted(1000, null),
      { sliceMs: Number.POSITIVE_INFINITY },
      { onPause: () => pauses++ },
    );
    expect(pauses).toBe(0);
  });

  it('rejects with what the steps throw, also after pauses', async () => {
    await expect(runStepsInSlices(failing(20), { sliceMs: 0 }, { clockEvery: 1 })).rejects.toThrow(
      'failed after 20 steps',
    );
  });
});

describe('abandoned work stops at the next step', () => {
  it('returns undefined, and no step runs after abandon() turns true', async () => {
    const log: number[] = [];
    let abandoned = false;
    const steps = untilAbandoned(counted(100, 'done', log), () => abandoned);
    const work = runStepsInSlices(
      steps,
      { sliceMs: 0 },
      {
        clockEvery: 1,
        onPause: () => {
          if (log.length >= 10) abandoned = true;
        },
      },
    );
    expect(await work).toBeUndefined();
    expect(log).toEqual([...Array(10).keys()]);
  });

  it('work never abandoned returns its result', () => {
    expect(runSteps(untilAbandoned(counted(10, 'done'), () => false))).toBe('done');
  });
});

describe('sliced jobs running at once share one slice per event-loop turn', () => {
  it('two jobs resumed in the same turn do not both run a full slice', async () => {
    /** Steps that each take about `ms` of wall-clock time, and count themselves. */
    function* busy(ms: number, count: { steps: number }): Steps<void> {
      for (;;) {
        const until = performance.now() + ms;
        while (performance.now() < until) {
          // Busy on purpose: the step stands for work.
        }
        count.steps++;
        yield;
      }
    }
    const turnLengths: number[] = [];
    let running = true;
    let last = performance.now();
    const tick = () => {
      if (!running) return;
      const now = performance.now();
      turnLengths.push(now - last);
      last = now;
      setImmediate(tick);
    };
    setImmediate(tick);
    const a = { steps: 0 };
    const b = { steps: 0 };
    const stopA = untilAbandoned(busy(0.2, a), () => !running);
    const stopB = untilAbandoned(busy(0.2, b), () => !running);
    const jobs = [
      runStepsInSlices(stopA, { sliceMs: 20 }, { clockEvery: 1 }),
      runStepsInSlices(stopB, { sliceMs: 20 }, { clockEvery: 1 }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 400));
    running = false;
    await Promise.all(jobs);
    // Per turn, the jobs together did about one slice (20 ms) of 0.2 ms steps, not two: counted in
    // steps per turn, which do not depend on the machine's speed as long as a step takes 0.2 ms.
    const steps = a.steps + b.steps;
    const turns = turnLengths.length;
    expect(a.steps).toBeGreaterThan(0);
    expect(b.steps).toBeGreaterThan(0);
    expect(steps / turns).toBeLessThan(1.5 * (20 / 0.2));
  });
});
