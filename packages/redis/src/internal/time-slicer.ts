import { setImmediate as yieldToLoop } from 'node:timers/promises';

/**
 * Lets long loops (serialising or parsing 10,000 flags) give the event loop back every `budgetMs`,
 * so requests served by the same process wait at most about that long.
 */
export class TimeSlicer {
  readonly #budgetMs: number;
  #sliceStart = performance.now();

  constructor(budgetMs: number) {
    this.#budgetMs = budgetMs;
  }

  /** Yields to the event loop when the current slice has used up its budget. */
  async checkpoint(): Promise<void> {
    if (performance.now() - this.#sliceStart < this.#budgetMs) return;
    await yieldToLoop();
    this.#sliceStart = performance.now();
  }
}
