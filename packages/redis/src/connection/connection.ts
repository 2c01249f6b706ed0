import { isRampkitError, RampkitError, StoreUnavailableError } from '@rampkit/core';
import { errorMessage, toError } from '@rampkit/core/internal';
import type { RedisClient } from './redis-client.js';

export interface ConnectionOptions {
  /** How long a command may take, waiting for the first connection included. */
  timeoutMs: number;
  /** The store created the client, so closing the store closes it. */
  owned: boolean;
  /** The connection was ready and is not any more. */
  onDown: (error: Error) => void;
  /** The connection is ready (again). */
  onUp: () => void;
  /** ioredis reported an error (a refused reconnection, a broken socket…). */
  onError: (error: Error) => void;
}

const DOWN_EVENTS = ['close', 'end', 'reconnecting'] as const;

/**
 * One ioredis connection as the store uses it: commands run only while it is ready and never wait
 * longer than the timeout, so a caller is never held by an outage and nothing piles up in a queue.
 * Before the first `ready` a command waits for it (up to the timeout); after that, a command issued
 * while the connection is down fails at once with StoreUnavailableError.
 */
export class Connection {
  readonly client: RedisClient;
  readonly #options: ConnectionOptions;
  readonly #listeners: Array<[event: string, listener: (...args: unknown[]) => void]> = [];
  #wasReady: boolean;
  #up: boolean;
  #closed = false;
  /** What ioredis last reported before the connection became ready, for the timeout's message. */
  #lastError: Error | undefined;

  constructor(client: RedisClient, options: ConnectionOptions) {
    this.client = client;
    this.#options = options;
    this.#up = client.status === 'ready';
    this.#wasReady = this.#up;
    this.#listen('ready', () => {
      this.#lastError = undefined;
      this.#wasReady = true;
      this.#up = true;
      this.#options.onUp();
    });
    for (const event of DOWN_EVENTS)
      this.#listen(event, () => this.#down(new Error(`Redis connection ${event}`)));
    this.#listen('error', (error) => {
      this.#lastError = toError(error);
      this.#options.onError(toError(error));
    });
    if (client.status === 'wait') client.connect().catch(() => undefined);
  }

  get isReady(): boolean {
    return !this.#closed && this.client.status === 'ready';
  }

  /**
   * Runs one command (or pipeline, or script) with the timeout.
   * @throws StoreUnavailableError when the connection is down, Redis does not answer in time, or
   *   Redis refuses the command (the message carries Redis's own error, e.g. `NOPERM`)
   * @throws RampkitError `RAMPKIT_CLOSED` after `close()`
   */
  async run<T>(what: string, command: (client: RedisClient) => Promise<T>, timeoutMs?: number): Promise<T> {
    const limit = timeoutMs ?? this.#options.timeoutMs;
    const started = Date.now();
    if (this.#closed) throw new RampkitError('RAMPKIT_CLOSED', `${what}: the RedisStore is closed`);
    if (this.client.status !== 'ready') {
      if (this.#wasReady)
        throw new StoreUnavailableError(`${what}: Redis is not connected (${this.client.status})`);
      await this.#firstReady(what, limit);
    }
    return withTimeout(what, command(this.client), limit - (Date.now() - started));
  }

  /** Stops listening; quits the client when the store created it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const [event, listener] of this.#listeners) this.client.off(event, listener);
    if (!this.#options.owned) return;
    // Errors of a closing client are of no interest to anyone; keep one listener so none is unhandled.
    this.client.on('error', () => undefined);
    try {
      await withTimeout('quit', this.client.quit(), this.#options.timeoutMs);
    } catch {
      this.client.disconnect();
    }
  }

  #down(error: Error): void {
    if (this.#closed || !this.#up) return;
    this.#up = false;
    this.#options.onDown(error);
  }

  #firstReady(what: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        const last = this.#lastError === undefined ? '' : ` (last error: ${this.#lastError.message})`;
        reject(
          new StoreUnavailableError(`${what}: Redis did not become ready within ${timeoutMs} ms${last}`),
        );
      }, timeoutMs);
      this.client.once('ready', onReady);
    });
  }

  #listen(event: string, listener: (...args: unknown[]) => void): void {
    this.client.on(event, listener);
    this.#listeners.push([event, listener]);
  }
}

/**
 * Settles with the command, or rejects with StoreUnavailableError once `timeoutMs` has passed.
 * Every failure becomes a RampkitError so callers branch on one kind of error.
 */
export async function withTimeout<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new StoreUnavailableError(`${what}: Redis did not answer within ${Math.round(timeoutMs)} ms`)),
      Math.max(0, timeoutMs),
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    if (isRampkitError(error)) throw error;
    throw new StoreUnavailableError(`${what}: ${errorMessage(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    // The losing command may still fail later; it has been accounted for already.
    promise.catch(() => undefined);
  }
}
