import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { errorCode } from '../../errors/error-code.js';
import {
  ConflictError,
  InvalidConfigError,
  RampkitError,
  StoreUnavailableError,
} from '../../errors/errors.js';
import { errorMessage, toError } from '../../errors/to-error.js';
import { runStepsInSlices, type Steps, type TimeSliceOptions } from '../../internal/time-slice.js';
import { adoptSteps } from '../../model/adopted-config.js';
import { configFromJsonSteps } from '../../model/config-json.js';
import type { ConfigSnapshot, FlagsConfig } from '../../model/types.js';
import { ConfigListeners } from '../memory/config-listeners.js';
import type { ConfigStore, Unsubscribe } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';
import { type Content, decodedChunks, decodedText, sameContentSteps, Utf8Chunks } from './file-content.js';
import { withFileLock } from './file-lock.js';
import { watchFile } from './file-watcher.js';
import { formatJsonSteps } from './format-json.js';
import { parseFailure } from './parse-failure.js';
import { sameDataSteps } from './same-data.js';

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
  /** Longest run, in milliseconds, of reading, checking or writing a large file before the event loop gets a turn. @default 4 */
  sliceMs?: number;
}

const DEBOUNCE_MS = 25;

interface Current {
  snapshot: ConfigSnapshot;
  /** The file's bytes the snapshot was read from (or written as). */
  content: Content;
}

/** `FileStore.writeConfig`'s options. */
export interface FileWriteOptions {
  /** The version the file must still have. */
  expectedVersion: number;
  /**
   * Called under the lock with the configuration about to be written, once the compare-and-set has
   * passed and just before the file is replaced; if it throws, nothing is written. (FileStateStore
   * puts the write's audit entry in its log there, before the flags file.)
   */
  beforeWrite?: (validated: FlagsConfig) => Promise<void>;
}

/**
 * A configuration kept in a file, so flags can live in git. The version is held in memory: 1 for the
 * first good read, +1 for every change of the file to another valid configuration (a change of
 * formatting alone is not one). An edit that does not parse or validate, and a deleted file, are
 * reported to subscribers' `onError` and otherwise ignored: the last good snapshot stays in force.
 * Reading, checking and writing a large file is done a flag at a time, with a turn for the event
 * loop every few milliseconds, so that an edit of a 10 MB file does not stall a server
 * (bench/config-load).
 *
 * `writeConfig` is a compare-and-set on the file's content: under a lock file next to it
 * (`.<name>.lock`, taken by every FileStore in every process, and by the CLI), it re-reads the file
 * and refuses to overwrite an edit made since the writer's version, then replaces the file. An
 * editor saving by hand takes no lock: its edit makes a later write fail with ConflictError, unless
 * it lands in the instant between that write's re-read and its rename.
 */
export class FileStore implements ConfigStore {
  /** Absolute path of the flags file. */
  readonly path: string;
  readonly #watch: boolean;
  readonly #pollIntervalMs: number;
  readonly #parse: ((text: string) => unknown) | undefined;
  readonly #format: ((config: FlagsConfig) => string) | undefined;
  readonly #lockPath: string;
  readonly #lockTimeoutMs: number;
  readonly #slices: TimeSliceOptions;
  readonly #listeners = new ConfigListeners();
  #current: Current | null = null;
  /** Key of the last problem reported, so that a poll does not report the same one again. */
  #lastProblem: string | null = null;
  /** The last content that was not a valid configuration, and why: read again, it is not checked again. */
  #bad: { content: Content; problem: RampkitError } | null = null;
  /** File reads and writes run one at a time, so a slow read can never undo a newer one. */
  #queue: Promise<unknown> = Promise.resolve();
  #stopWatching: (() => void) | null = null;
  #closed = false;

  constructor(options: FileStoreOptions) {
    this.path = resolve(options.path);
    this.#watch = options.watch ?? true;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#parse = options.parse;
    this.#format = options.format;
    this.#lockPath = join(dirname(this.path), `.${basename(this.path)}.lock`);
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.#slices = options.sliceMs === undefined ? {} : { sliceMs: options.sliceMs };
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
   * is now and replaces the file atomically (a temporary file renamed over it). `config` must not
   * change until the promise settles: a large one is checked and copied a flag at a time.
   * @throws InvalidConfigError when `config` is invalid (nothing is written)
   * @throws ConflictError when the file changed since `expectedVersion`, including an edit that is not
   *   a valid configuration (nothing is written)
   * @throws StoreUnavailableError when the file exists but cannot be read or written, or another
   *   writer holds the lock for longer than `lockTimeoutMs`
   */
  writeConfig(config: FlagsConfig, options: FileWriteOptions): Promise<ConfigSnapshot> {
    return this.#serialized(async () => {
      const { validated, content } = await this.#sliced(this.#prepareWrite(config));
      return withFileLock(this.#lockPath, () => this.#replace(validated, content, options), {
        timeoutMs: this.#lockTimeoutMs,
      });
    });
  }

  /** A configuration to write, validated and copied, and the bytes to write, in one sliced run. */
  *#prepareWrite(config: FlagsConfig): Steps<{ validated: FlagsConfig; content: Content }> {
    const validated = yield* adoptSteps(config);
    const bytes = new Utf8Chunks();
    if (this.#format) bytes.add(this.#format(validated));
    else yield* formatJsonSteps(validated, (part) => bytes.add(part));
    return { validated, content: bytes.finish() };
  }

  /** Under the lock: the compare-and-set against the file as it is now, then the write. */
  async #replace(
    validated: FlagsConfig,
    content: Content,
    options: FileWriteOptions,
  ): Promise<ConfigSnapshot> {
    const { expectedVersion } = options;
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
    await options.beforeWrite?.(validated);
    try {
      await writeFileAtomic(this.path, content);
    } catch (error) {
      throw new StoreUnavailableError(
        `cannot write flags file ${this.path} (${errorCode(error) ?? 'unknown'})`,
        {
          cause: error,
        },
      );
    }
    return this.#publish(validated, content);
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
   * one. Returns the problem found (reported to subscribers once: the same bad bytes read again
   * are not checked or reported again).
   */
  async #refresh(): Promise<RampkitError | null> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.path);
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
    return this.#sliced(this.#afterRead([bytes]));
  }

  /**
   * The work on a file's content once read, in one sliced run (two runs back to back would hold
   * the event loop for two slices): the same bytes as in force, or as a bad edit already reported,
   * need nothing more; else they are read, checked, and compared with the configuration in force.
   */
  *#afterRead(content: Content): Steps<RampkitError | null> {
    if (this.#current && (yield* sameContentSteps(this.#current.content, content))) {
      this.#lastProblem = null;
      return null;
    }
    if (this.#bad && (yield* sameContentSteps(this.#bad.content, content))) return this.#bad.problem;
    let config: FlagsConfig;
    try {
      config = yield* this.#readSteps(content);
    } catch (error) {
      const failure =
        error instanceof RampkitError
          ? error
          : new InvalidConfigError(
              [{ path: '$', message: `could not be checked: ${errorMessage(error)}` }],
              this.path,
            );
      // Content not seen before (the same bad bytes return above): always news.
      this.#bad = { content, problem: failure };
      this.#lastProblem = null;
      return this.#problem('invalid', failure, true);
    }
    this.#lastProblem = null;
    this.#bad = null;
    const current = this.#current;
    if (current && (yield* sameDataSteps(current.snapshot.config, config))) {
      // The file was only reformatted: the configuration in force stays, with its version.
      this.#current = { ...current, content };
    } else {
      this.#publish(config, content);
    }
    return null;
  }

  /** The file's content as an adopted configuration (validated, frozen), a flag at a time. */
  *#readSteps(content: Content): Steps<FlagsConfig> {
    if (this.#parse === undefined) return yield* configFromJsonSteps(decodedChunks(content), this.path);
    // A parser given as an option takes the whole text: that part runs in one go.
    const parsed = this.#parseText(this.#parse, decodedText(content));
    return yield* adoptSteps(parsed, this.path, { owned: true });
  }

  /** Runs `steps` in slices, after a turn of the event loop (they follow I/O or other work). */
  #sliced<T>(steps: Steps<T>): Promise<T> {
    return runStepsInSlices(steps, this.#slices, { pauseFirst: true });
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

  /** Makes `config` (adopted) the configuration in force, as the next version, and tells subscribers. */
  #publish(config: FlagsConfig, content: Content): ConfigSnapshot {
    const version = (this.#current?.snapshot.version ?? 0) + 1;
    const snapshot = Object.freeze({ version, config, updatedAt: Date.now() });
    this.#current = { snapshot, content };
    this.#listeners.publish(snapshot);
    return snapshot;
  }
}
