/**
 * `@rampkit/core/file-store`: kept apart from the main entry because it needs `node:fs`, which
 * edge-runtime bundles of core must not pull in.
 */

export type { FileStoreOptions } from './file-store.js';
export { FileStore } from './file-store.js';
