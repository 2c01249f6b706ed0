import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isStoreUnavailableError, StoreUnavailableError } from '@rampkit/core';
import { errorCode } from '@rampkit/core/internal';
import type { RolloutStore } from '@rampkit/rollout';
import { FileStateStore } from './file-state-store.js';
import { redactSecrets, type StoreLocation } from './store-url.js';

/** A store opened for the CLI: every facet a rollout needs, and how to let it go. */
export interface OpenedStore {
  store: RolloutStore;
  location: StoreLocation;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Redis key prefix (environments sharing one Redis). @default 'rampkit:' */
  prefix?: string;
  /** Longest wait for Redis to answer any command, connecting included, in milliseconds. @default 3000 */
  timeoutMs?: number;
  /** Clock for leases, snapshots and metrics. @default Date.now */
  now?: () => number;
}

/** Connection errors that more waiting will not cure within a command's time. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Opens the store and checks that it answers: Redis must reply within `timeoutMs`; a flags file's
 * folder must exist. A file that does not exist yet is an empty store (`flags set` creates it).
 * @throws StoreUnavailableError naming the store without its password
 */
export async function openStore(
  location: StoreLocation,
  options: OpenStoreOptions = {},
): Promise<OpenedStore> {
  if (location.kind === 'file') {
    const folder = dirname(location.path);
    const isFolder = await stat(folder).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (!isFolder) {
      throw new StoreUnavailableError(
        `store ${location.display} is unreachable: folder ${folder} does not exist`,
      );
    }
    const store = new FileStateStore({
      path: location.path,
      watch: false,
      ...(options.now ? { now: options.now } : {}),
    });
    return { store, location, close: () => store.close() };
  }
  // Loaded only for Redis: ioredis is not needed for a flags file.
  const { RedisStore } = await import('@rampkit/redis');
  const store = new RedisStore({
    url: location.url,
    commandTimeoutMs: options.timeoutMs ?? 3000,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.now ? { now: options.now } : {}),
  });
  // The store reports outages as events too; the CLI reports them through the failing call instead,
  // and a connection that cannot be made at all (refused, no such host) ends the wait at once: an app
  // keeps waiting for Redis to come up, a command line has nothing to wait for.
  let unreachable: (error: Error) => void = () => undefined;
  const refused = new Promise<never>((_, reject) => {
    unreachable = reject;
  });
  store.on('error', (error) => {
    if (UNREACHABLE.has(errorCode(error) ?? '')) {
      unreachable(new StoreUnavailableError(`load configuration: cannot connect to Redis: ${error.message}`));
    }
  });
  try {
    await Promise.race([store.loadConfig(), refused]);
  } catch (error) {
    await store.close().catch(() => undefined);
    if (isStoreUnavailableError(error)) {
      throw new StoreUnavailableError(
        `store ${location.display} is unreachable: ${redactSecrets(error.message, location.secrets)}`,
      );
    }
    throw error;
  }
  return { store, location, close: () => store.close() };
}
