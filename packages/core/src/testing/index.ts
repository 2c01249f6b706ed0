/**
 * `@rampkit/core/testing`: building flags in tests, and a seeded random source for tests and
 * simulations. Kept out of the main entry so production bundles never carry it.
 */

export { FlagBuilder, RuleBuilder } from './flag-builder.js';
export { mulberry32 } from './random.js';
export { TestData } from './test-data.js';
