import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ConflictError,
  InvalidConfigError,
  RampkitError,
  StoreUnavailableError,
} from '../../errors/errors.js';
import { runSteps } from '../../internal/time-slice.js';
import { adoptConfig, adoptSteps } from '../../model/adopted-config.js';
import { configFromJsonSteps, withoutByteOrderMark } from '../../model/config-json.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import { ConfigListeners, toError } from '../memory/config-listeners.js';
import type { ConfigStore, Unsubscribe } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';
import { withFileLock } from './file-lock.js';
import { watchFile } from './file-watcher.js';
import { errorCode } from './fs-errors.js';
import { parseFailure } from './parse-failure.js';

export interface FileStoreOptions {
  /** The flags file (JSON by default; see `parse`). Relative paths resolve against the working directory. */
  path: string;
  /** Watch the file and notify subscribers of edits (watching starts with the first subscriber). @default true */
  watch?: boolean;
  /** Interval of the stat poll that backs up fs.watch, which misses events on some filesystems. @default 1000 */
  pollIntervalMs?: number;
  /**
   * Turns the file's text (without a leading byte-order mark) into a configuration object, e.g. a
   * YAML parser's `parse`. @default core's JSON reader: `JSON.parse`, but a key given twice in one object is an issue
   */
  parse?: (text: string) => unknown;
  /** Turns a configuration into the file's text for `writeConfig`. @default JSON, two-space indent, final newline */
  format?: (config: FlagsConfig) => string;
  /** Longest wait, in milliseconds, for another writer (in this process or another) to finish writing the file. @default 10_000 */
  lockTimeoutMs?: number;
}

const DEBOUNCE_MS = 25;

interface Current {
  snapshot: ConfigSnapshot;
  /** The file text the snapshot was read from (or written as). */
  text: string;
  /** JSON of the validated config, to tell a real change from a reformatting. */
  canonical: string;
}

/**
 * A configuration kept in a file, so flags can live in git. The version is held in memory: 1 for the
 * first good read, +1 for every change of the file to another valid configuration (a change of
 * formatting alone is not one). An edit that does not parse or validate, and a deleted file, are
 * reported to subscribers' `onError` and otherwise ignored: the last good snapshot stays in force.
 *
 * `writeConfig` is a compare-and-set on the file's content: under a lock file next to it
 * (`.<name>.lock`, taken by every FileStore in every process, and by the CLI), it re-reads the file
 * and refuses to overwrite an edit made since the writer's version, then replaces the file. An
 * editor saving by hand takes no lock, but its edit is a rename too, seen by the next write.
 */
export class FileStore implements ConfigStore {
  /** Absolute path of the flags file. */
  readonly path: string;
  readonly #watch: boolean;
  readonly #pollIntervalMs: number;
  readonly #parse: ((text: string) => unknown) | undefined;
  readonly #format: (config: FlagsConfig) => string;
  readonly #lockPath: string;
  readonly #lockTimeoutMs: number;
  readonly #listeners = new ConfigListeners();
  #current: Current | null = null;
  /** Key of the last problem reported, so that a poll does not report the same bad edit again. */
  #lastProblem: string | null = null;
  /** File reads and writes run one at a time, so a slow read can never undo a newer one. */
  #queue: Promise<unknown> = Promise.resolve();
  #stopWatching: (() => void) | null = null;
  #closed = false;

  constructor(options: FileStoreOptions) {
    this.path = resolve(options.path);
    this.#watch = options.watch ?? true;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#parse = options.parse;
    this.#format = options.format ?? ((config) => `${JSON.stringify(config, null, 2)}\n`);
    this.#lockPath = join(dirname(this.path), `.${basename(this.path)}.lock`);
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  }

  /**
   * Reads the file. Resolves to null when it does not exist and was never read; after a good read,
   * a later bad edit or deletion resolves to the last good snapshot (the problem goes to `onError`).
   * @throws InvalidConfigError when the file, never read successfully, does not parse or validate
   * @throws StoreUnavailableError when the file cannot be read (permissions, I/O)
   */
  loadConfig(): Promise<ConfigSnapshot | null> {
    return this.#serialized(async () => {
      const problem = await this.#refresh();
      if (this.#current) return this.#current.snapshot;
      if (problem && errorCode(problem.cause) !== 'ENOENT') throw problem;
      return null;
    });
  }

  /**
   * Validates `config`, then under the file's lock checks `expectedVersion` against the file as it
   * is now and replaces the file atomically (a temporary file renamed over it).
   * @throws InvalidConfigError when `config` is invalid (nothing is written)
   * @throws ConflictError when the file changed since `expectedVersion`, including an edit that is not
   *   a valid configuration (nothing is written)
   * @throws StoreUnavailableError when the file exists but cannot be read or written, or another
   *   writer holds the lock for longer than `lockTimeoutMs`
   */
  writeConfig(config: FlagsConfig, options: { expectedVersion: number }): Promise<ConfigSnapshot> {
    return this.#serialized(async () => {
      const validated = adoptConfig(config);
      const text = this.#format(validated);
      return withFileLock(this.#lockPath, () => this.#replace(validated, text, options.expectedVersion), {
        timeoutMs: this.#lockTimeoutMs,
      });
    });
  }

  /** Under the lock: the compare-and-set against the file as it is now, then the write. */
  async #replace(validated: FlagsConfig, text: string, expectedVersion: number): Promise<ConfigSnapshot> {
    const problem = await this.#refresh();
    const actual = this.#current?.snapshot.version ?? 0;
    if (actual !== expectedVersion) {
      throw new ConflictError(`flags file ${this.path}`, expectedVersion, actual);
    }
    if (problem instanceof StoreUnavailableError && errorCode(problem.cause) !== 'ENOENT') throw problem;
    if (problem && !(problem instanceof StoreUnavailableError)) {
      throw new ConflictError(
        `flags file ${this.path} holds an edit that is not a valid configuration (${problem.message})`,
        expectedVersion,
        actual,
      );
    }
    try {
      await writeFileAtomic(this.path, text);
    } catch (error) {
      throw new StoreUnavailableError(
        `cannot write flags file ${this.path} (${errorCode(error) ?? 'unknown'})`,
        {
          cause: error,
        },
      );
    }
    return this.#adopt(validated, text, true);
  }

  subscribeConfig(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
  ): Unsubscribe {
    const unsubscribe = this.#listeners.add(listener, onError);
    if (this.#watch && !this.#closed && !this.#stopWatching) {
      this.#stopWatching = watchFile(
        this.path,
        { pollIntervalMs: this.#pollIntervalMs, debounceMs: DEBOUNCE_MS },
        () => this.#onFileEvent(),
        (error) => this.#listeners.reportError(error),
      );
      // Whatever changed between the last read and the watch starting is picked up now.
      this.#onFileEvent();
    }
    return unsubscribe;
  }

  /** Stops watching and drops subscribers; resolves once a read or write in progress has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#listeners.clear();
    await this.#queue;
  }

  #onFileEvent(): void {
    this.#serialized(() => this.#refresh()).catch((error: unknown) =>
      this.#listeners.reportError(toError(error)),
    );
  }

  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#closed) throw new RampkitError('RAMPKIT_CLOSED', `FileStore for ${this.path} is closed`);
      return task();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads the file and adopts its content when it is a valid configuration other than the current
   * one. Returns the problem found (also reported to subscribers, once per distinct problem).
   */
  async #refresh(): Promise<RampkitError | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = errorCode(error) ?? 'unknown';
      const kept = this.#current ? `; keeping version ${this.#current.snapshot.version}` : '';
      const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
      // A file that was never there is not news; one that disappeared is.
      const report = code !== 'ENOENT' || this.#current !== null;
      return this.#problem(
        `read:${code}`,
        new StoreUnavailableError(`flags file ${this.path} ${reason}${kept}`, { cause: error }),
        report,
      );
    }
    if (this.#current?.text === text) {
      this.#lastProblem = null;
      return null;
    }
    let config: FlagsConfig;
    try {
      config = this.#read(text);
    } catch (error) {
      const failure =
        error instanceof RampkitError
          ? error
          : new InvalidConfigError(
              [{ path: '$', message: `could not be checked: ${String(error)}` }],
              this.path,
            );
      return this.#problem(`invalid:${text}`, failure, true);
    }
    this.#lastProblem = null;
    this.#adopt(config, text, false);
    return null;
  }

  /** The file's text as an adopted configuration (validated, frozen). */
  #read(text: string): FlagsConfig {
    if (this.#parse === undefined) return runSteps(configFromJsonSteps(text, this.path));
    return runSteps(
      adoptSteps(this.#parseText(this.#parse, withoutByteOrderMark(text)), this.path, { owned: true }),
    );
  }

  #parseText(parse: (text: string) => unknown, text: string): unknown {
    try {
      return parse(text);
    } catch (error) {
      throw parseFailure(this.path, text, error);
    }
  }

  #problem(key: string, error: RampkitError, report: boolean): RampkitError {
    if (report && key !== this.#lastProblem) this.#listeners.reportError(error);
    this.#lastProblem = key;
    return error;
  }

  /** Makes `config` current; a new version unless it only reformats the current one and `bump` is false. */
  #adopt(config: FlagsConfig, text: string, bump: boolean): ConfigSnapshot {
    const canonical = JSON.stringify(config);
    const current = this.#current;
    if (current && !bump && current.canonical === canonical) {
      this.#current = { ...current, text };
      return current.snapshot;
    }
    const version = (current?.snapshot.version ?? 0) + 1;
    const snapshot = Object.freeze({ version, config, updatedAt: Date.now() });
    this.#current = { snapshot, text, canonical };
    this.#listeners.publish(snapshot);
    return snapshot;
  }
}
