import { type CompiledConfig, compileConfig, compileSteps } from '../evaluation/compile.js';
import { runSteps, runStepsInSlices, type Steps, untilAbandoned } from '../internal/time-slice.js';
import { isAdopted } from '../model/adopted-config.js';
import type { ConfigSnapshot, FlagsConfig } from '../model/types.js';
import { validateConfig, validationSteps } from '../model/validate.js';
import { changedKeySteps } from './changed-key-steps.js';

/**
 * Snapshots with more flags and segments than this are validated and compiled a few milliseconds
 * at a time: at 10,000 flags doing it in one go holds the event loop for hundreds of milliseconds,
 * a latency spike on every instance at every configuration change. Smaller ones, which take a
 * millisecond or so, are applied at once, as they arrive.
 */
const SLICED_ABOVE = 500;

/** A snapshot validated and compiled, ready to be put in force. */
export interface PreparedSnapshot {
  readonly version: number;
  readonly generation: string | undefined;
  readonly compiled: CompiledConfig;
  /** Keys of the flags it adds, removes or changes against the configuration in force. */
  changedKeys(): string[];
}

/** What the queue needs from the client that owns it. */
export interface SnapshotHost {
  /** The configuration in force, its snapshot version (0 for the bootstrap) and generation. */
  inForce(): {
    readonly compiled: CompiledConfig;
    readonly version: number;
    readonly generation: string | undefined;
  };
  /** Once closed, snapshots are ignored and a preparation under way stops at its next step. */
  isClosed(): boolean;
  /** True while someone listens for changes: their keys are then also computed in slices. */
  wantsChangedKeys(): boolean;
  install(prepared: PreparedSnapshot): void;
  /** An invalid snapshot: the configuration in force stays. */
  report(error: unknown): void;
}

/**
 * Puts store snapshots in force in version order, never an older one after a newer one (versions
 * compare within a generation: one of a new generation, written after the store lost its data, is
 * taken whatever its version). Small
 * snapshots are applied as they arrive; a large one is prepared in slices while the configuration
 * in force keeps serving. One preparation runs at a time: snapshots that arrive meanwhile wait, and
 * only the newest of them is prepared next. The one under way is finished and applied rather than
 * abandoned, since under a steady stream of changes abandoning could leave an old configuration
 * in force for good.
 */
export class SnapshotQueue {
  readonly #host: SnapshotHost;
  /** The snapshot being prepared in slices, if any. */
  #preparing: ConfigSnapshot | undefined;
  /** The newest snapshot that arrived while another was being prepared. */
  #queued: ConfigSnapshot | undefined;

  constructor(host: SnapshotHost) {
    this.#host = host;
  }

  offer(snapshot: ConfigSnapshot): void {
    if (this.#host.isClosed() || !this.#isNewer(snapshot)) return;
    if (this.#preparing !== undefined) {
      this.#queued = snapshot;
      return;
    }
    const previous = this.#host.inForce().compiled;
    if (snapshot.config === previous.source) {
      // What is in force, delivered again (the first snapshot of a client's own store): only the
      // version is new.
      this.#host.install({
        version: snapshot.version,
        generation: snapshot.generation,
        compiled: previous,
        changedKeys: () => [],
      });
      return;
    }
    if (sizeOf(snapshot.config) > SLICED_ABOVE) {
      void this.#prepareInSlices(snapshot);
      return;
    }
    let compiled: CompiledConfig;
    try {
      compiled = compileConfig(validated(snapshot));
    } catch (error) {
      this.#host.report(error);
      return;
    }
    this.#host.install({
      version: snapshot.version,
      generation: snapshot.generation,
      compiled,
      changedKeys: () => runSteps(changedKeySteps(previous, compiled)),
    });
  }

  /**
   * Whether `snapshot` follows the newest one taken (queued, else being prepared, else in force): a
   * higher version of the same generation, or another generation. A bootstrap (version 0) is
   * followed by any store snapshot.
   */
  #isNewer(snapshot: ConfigSnapshot): boolean {
    const newest = this.#queued ?? this.#preparing ?? this.#host.inForce();
    if (newest.version === 0) return snapshot.version > 0;
    return snapshot.generation !== newest.generation || snapshot.version > newest.version;
  }

  async #prepareInSlices(snapshot: ConfigSnapshot): Promise<void> {
    this.#preparing = snapshot;
    try {
      const steps = untilAbandoned(this.#preparation(snapshot), () => this.#host.isClosed());
      // Started by a store's publication, which may end a slice of its own work: pause first.
      const prepared = await runStepsInSlices(steps, {}, { pauseFirst: true });
      if (prepared !== undefined && !this.#host.isClosed()) this.#host.install(prepared);
    } catch (error) {
      if (!this.#host.isClosed()) this.#host.report(error);
    }
    this.#preparing = undefined;
    const queued = this.#queued;
    this.#queued = undefined;
    if (queued !== undefined) this.offer(queued);
  }

  *#preparation(snapshot: ConfigSnapshot): Steps<PreparedSnapshot> {
    const config = isAdopted(snapshot.config)
      ? snapshot.config
      : yield* validationSteps(snapshot.config, sourceOf(snapshot));
    const compiled = yield* compileSteps(config);
    // The configuration in force cannot change meanwhile: only a preparation installs one, and
    // one runs at a time.
    const previous = this.#host.inForce().compiled;
    const keys = this.#host.wantsChangedKeys() ? yield* changedKeySteps(previous, compiled) : undefined;
    return {
      version: snapshot.version,
      generation: snapshot.generation,
      compiled,
      // A listener added after the keys were skipped gets them computed at once.
      changedKeys: () => keys ?? runSteps(changedKeySteps(previous, compiled)),
    };
  }
}

/** The snapshot's configuration, validated unless a store of this package already did (it is adopted). */
function validated(snapshot: ConfigSnapshot): FlagsConfig {
  return isAdopted(snapshot.config) ? snapshot.config : validateConfig(snapshot.config, sourceOf(snapshot));
}

function sourceOf(snapshot: ConfigSnapshot): string {
  return `store snapshot version ${snapshot.version}`;
}

/** Flags and segments in a snapshot not validated yet (anything unreadable counts as small). */
function sizeOf(config: unknown): number {
  try {
    if (typeof config !== 'object' || config === null) return 0;
    const { flags, segments } = config as { flags?: unknown; segments?: unknown };
    return (Array.isArray(flags) ? flags.length : 0) + (Array.isArray(segments) ? segments.length : 0);
  } catch {
    // A getter that throws: the synchronous path reports it as an invalid configuration.
    return 0;
  }
}
