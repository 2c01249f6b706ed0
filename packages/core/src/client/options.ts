import type { FlagsConfig } from '../model/types.js';
import type { ExperimentDataStore, MetricsStore, RampkitStore } from '../stores/types.js';
import type { RampkitLogger } from './unheard-errors.js';

export interface ClientOptions {
  /**
   * Where the configuration comes from and where changes are announced (MemoryStore, FileStore,
   * RedisStore…). @default a MemoryStore holding `flags`
   */
  store?: RampkitStore;
  /**
   * Configuration served until the store's first snapshot arrives (or for good, without a store).
   * Validated at once: anything but a valid configuration of plain JSON data (`null` included)
   * throws InvalidConfigError from `createClient`. @default none: callers' defaults until the store answers
   */
  flags?: FlagsConfig;
  /**
   * Where `record()`ed outcomes are flushed. `false` turns recording off.
   * @default the store, when it implements MetricsStore
   */
  metrics?: MetricsStore | false;
  /**
   * Where `track()`ed events and experiment exposures are flushed. `false` turns tracking off. Given,
   * exposures are recorded from the start; by default only from the first `track()` call on (a unit
   * served an experiment before that counts from its next exposure), so that applications that never
   * track pay nothing per evaluation.
   * @default the store, when it implements ExperimentDataStore
   */
  experimentData?: ExperimentDataStore | false;
  /** Units remembered for attributing tracked events to experiments; the oldest are forgotten first. @default 100000 */
  maxTrackedUnits?: number;
  /** Distinct metrics per unit and experiment between two flushes; more are dropped and counted. @default 64 */
  maxMetricsPerUnit?: number;
  /**
   * Exposures and unit totals held while the experiment data store is unreachable; past it the oldest
   * are dropped and an `error` event says how many. @default 100000
   */
  maxPendingTrackRecords?: number;
  /** Length of a metrics window in milliseconds. @default 10000 */
  metricsWindowMs?: number;
  /** How often recorded outcomes are flushed to the metrics store, in milliseconds. @default 5000 */
  flushIntervalMs?: number;
  /** Windows kept while the metrics store is unreachable; older ones are dropped and counted. @default 10000 */
  maxPendingWindows?: number;
  /** A unit's exposure to a flag version is reported once per this many milliseconds. @default 600000 */
  exposureWindowMs?: number;
  /**
   * How many (unit, flag, version) triples the exposure dedup remembers, each as a fixed-size digest
   * (a few dozen bytes, however long the unit id). @default 100000
   */
  maxExposureEntries?: number;
  /**
   * Where a problem is logged when the client would emit `error` and no listener is registered
   * (a flags file edited into something invalid, a store out of reach): one warning per distinct
   * problem until the next configuration is in force. Listening for `error` replaces it.
   * @default console (its `warn`)
   */
  logger?: RampkitLogger;
  /** Names this process in metrics it reports. @default a random id */
  instanceId?: string;
  /** First and longest delay between retries of a failed configuration load, in milliseconds.
   * @default { initialMs: 250, maxMs: 30000 } */
  retryDelay?: { initialMs: number; maxMs: number };
  /**
   * Clock in epoch milliseconds, for tests and simulations: exposures and metrics windows read it
   * (given, once per outcome recorded). @default Date.now; metrics windows then read it when a window
   * opens, and a timer ends the window
   */
  now?: () => number;
}
