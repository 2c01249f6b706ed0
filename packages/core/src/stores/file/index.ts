/**
 * `@rampkit/core/file-store`: kept apart from the main entry because it needs `node:fs`, which
 * edge-runtime bundles of core must not pull in.
 */

// The lock FileStore takes while it writes; the file state store takes it too, so that one
// implementation serves every process that shares a folder.
export type { FileLockOptions } from './file-lock.js';
export { withFileLock } from './file-lock.js';
export type { FileStateStoreOptions } from './file-state-store.js';
export { FileStateStore } from './file-state-store.js';
export type { FileStoreOptions } from './file-store.js';
export { FileStore } from './file-store.js';
