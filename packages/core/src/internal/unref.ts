/**
 * Lets the process exit while `timer` is pending. Node's timers are objects with `unref`; browsers'
 * and edge runtimes' are numbers, for which there is nothing to do.
 */
export function unref(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
  }
}
