import { isRampkitError, RampkitError } from '@rampkit/core';

/** The codes of @rampkit/redis's errors (it also throws core's, such as `RAMPKIT_STORE_UNAVAILABLE`). */
export type RedisErrorCode = 'RAMPKIT_CONFIG_HISTORY_CHANGED';

/**
 * How the stored configuration left the history a store had read:
 * - `rewound`: the same history, but a lower version, or the same version with other content
 *   (Redis failed over to a replica that missed writes, or a backup was restored);
 * - `gone`: nothing is stored any more (Redis lost its data);
 * - `new-generation`: a history that began again at version 1 (written again after a loss).
 */
export type ConfigHistoryChange = 'rewound' | 'gone' | 'new-generation';

/** One end of the change: a version (0: nothing stored) and the stored generation id. */
export interface StoredVersionRef {
  version: number;
  generation: string | undefined;
}

/**
 * Reported by `RedisStore` (its `error` event, and the `onError` of its config subscribers), once
 * per change, when the stored configuration is no longer on the history it had read. Never
 * thrown: subscribers follow a `rewound` or `new-generation` configuration, and keep the one they
 * have when it is `gone`.
 */
export class ConfigHistoryError extends RampkitError {
  readonly kind: ConfigHistoryChange;
  /** What the store had read last. */
  readonly from: StoredVersionRef;
  /** What is stored now. */
  readonly to: StoredVersionRef;

  constructor(kind: ConfigHistoryChange, from: StoredVersionRef, to: StoredVersionRef) {
    super('RAMPKIT_CONFIG_HISTORY_CHANGED', describe(kind, from.version, to.version));
    this.name = 'ConfigHistoryError';
    this.kind = kind;
    this.from = from;
    this.to = to;
  }
}

/** True for a ConfigHistoryError, also across copies of the package (matched by code). */
export function isConfigHistoryError(value: unknown): value is ConfigHistoryError {
  return isRampkitError(value) && value.code === 'RAMPKIT_CONFIG_HISTORY_CHANGED';
}

function describe(kind: ConfigHistoryChange, from: number, to: number): string {
  if (kind === 'gone') {
    return (
      `RedisStore: the stored configuration went back from version ${from} to nothing (did Redis ` +
      `lose its data?); subscribers keep version ${from} until the configuration is written again`
    );
  }
  if (kind === 'new-generation') {
    return (
      `RedisStore: the stored configuration began a new history at version ${to} (after version ` +
      `${from} of the previous one: did Redis lose its data?); following it`
    );
  }
  const step =
    to < from
      ? `went back from version ${from} to version ${to}`
      : `holds a version ${to} with other content than the version ${from} this store read`;
  return (
    `RedisStore: the stored configuration ${step} (Redis lost writes: a failover to a replica ` +
    'that missed them, or a restore from a backup); following the stored configuration. Changes ' +
    `up to version ${from} that it lacks are gone: check the flags and write them again`
  );
}
