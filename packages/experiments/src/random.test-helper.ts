export { mulberry32 } from '@rampkit/core/testing';

/** A standard normal draw (Box–Muller). */
export function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}
