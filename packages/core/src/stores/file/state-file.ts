import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorCode } from '../../errors/error-code.js';
import { StoreUnavailableError } from '../../errors/errors.js';
import { errorMessage } from '../../errors/to-error.js';
import { withFileLock } from './file-lock.js';
import { decodeState, emptyState, encodeState, type StateData } from './state-layout.js';

/**
 * A JSON state file shared by processes: reads see a whole file (writes go to a temporary file that
 * is renamed over it), and every read-modify-write runs under a lock file, so two CLI processes (or
 * a CLI and an app) never lose each other's updates.
 */
export class StateFile {
  readonly path: string;
  readonly #lockPath: string;
  /** Updates from one process queue here rather than contend for the lock file. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
    this.#lockPath = join(dirname(path), 'state.lock');
  }

  /** @throws StoreUnavailableError when the file exists but cannot be read or parsed */
  async read(): Promise<StateData> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return emptyState();
      throw new StoreUnavailableError(`cannot read ${this.path} (${errorMessage(error)})`, {
        cause: error,
      });
    }
    try {
      return decodeState(text);
    } catch (error) {
      throw new StoreUnavailableError(`${this.path} is not a Rampkit state file (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }

  /**
   * Reads the state, lets `change` modify it, and writes it back, all under the lock. Nothing is
   * written when `change` throws.
   */
  update<T>(change: (data: StateData) => T): Promise<T> {
    const run = this.#queue.then(() => this.withLock(() => this.updateHeld(change)));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** `update`'s read-modify-write, for a caller already inside `withLock` (the lock is not reentrant). */
  async updateHeld<T>(change: (data: StateData) => T): Promise<T> {
    const data = await this.read();
    const result = change(data);
    await this.#write(data);
    return result;
  }

  /** Runs `task` under the same lock as updates (the flags file's writes use it too). */
  async withLock<T>(task: () => Promise<T>): Promise<T> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
    } catch (error) {
      throw new StoreUnavailableError(`cannot create ${dirname(this.path)} (${errorMessage(error)})`, {
        cause: error,
      });
    }
    return withFileLock(this.#lockPath, task);
  }

  async #write(data: StateData): Promise<void> {
    const temp = `${this.path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, encodeState(data), 'utf8');
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new StoreUnavailableError(`cannot write ${this.path} (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }
}
