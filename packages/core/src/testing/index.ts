/**
 * `@rampkit/core/testing`: building flags in tests. Kept out of the main entry so production
 * bundles never carry it.
 */

export { FlagBuilder, RuleBuilder } from './flag-builder.js';
export { TestData } from './test-data.js';
