import { type DigestPrefix, digest, digestPrefix } from '../bucketing/digest.js';
import { errorCode } from '../errors/error-code.js';

/** Where the client logs the problems nobody listens for (`ClientOptions.logger`). */
export interface RampkitLogger {
  /** One line per problem. */
  warn(message: string): void;
}

/** Distinct problems logged between two configurations, at most. */
const MAX_LOGGED = 100;
const HINT = "handle such problems with client.on('error', listener)";

/**
 * Logs, once each, the problems the client reports while no `error` listener is registered.
 * eventemitter3, unlike Node's EventEmitter, drops an `error` event nobody listens for (it neither
 * throws nor prints), so without this a broken edit of a flags file or an unreachable store would
 * pass in silence. Problems are told apart by code and message and remembered as digests; after
 * `MAX_LOGGED` of them one notice says the rest are not logged, since a message may carry what a
 * request sent. `forget` starts over, when a configuration is installed or the store reconnects: a
 * problem that comes back after that is logged again.
 */
export class UnheardErrors {
  readonly #logger: RampkitLogger;
  readonly #logged = new Set<number>();
  readonly #seeds: DigestPrefix = digestPrefix('', 0x6572726f, 0x7273); // "erro", "rs"
  #full = false;

  constructor(logger: RampkitLogger) {
    this.#logger = logger;
  }

  log(error: Error): void {
    if (this.#full) return;
    const key = digest(this.#seeds, `${errorCode(error) ?? error.name}\u0000${error.message}`);
    if (this.#logged.has(key)) return;
    if (this.#logged.size >= MAX_LOGGED) {
      this.#full = true;
      this.#write(
        `[rampkit] ${MAX_LOGGED} distinct problems were logged since the last configuration change; no more are logged until a new configuration is in force (${HINT})`,
      );
      return;
    }
    this.#logged.add(key);
    this.#write(`[rampkit] ${error.message} (logged once; ${HINT})`);
  }

  forget(): void {
    this.#logged.clear();
    this.#full = false;
  }

  #write(message: string): void {
    try {
      this.#logger.warn(message);
    } catch {
      // A broken logger must not turn a reported problem into a failed evaluation or update.
    }
  }
}
