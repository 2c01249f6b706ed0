import { hostname, userInfo } from 'node:os';
import { durationMs } from '@rampkit/rollout';
import { type OpenedStore, openStore } from '../store/open-store.js';
import { parseStoreUrl, type StoreLocation } from '../store/store-url.js';
import type { CommandSpec } from './command.js';
import { UsageError } from './errors.js';
import type { Output } from './output.js';
import type { OptionValues } from './parse.js';

/** What a command handler gets: its arguments, output, the store on demand, and cancellation. */
export class CommandContext {
  readonly spec: CommandSpec;
  readonly values: OptionValues;
  readonly args: string[];
  readonly out: Output;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop and clean up. */
  readonly signal: AbortSignal;
  #opened: OpenedStore | undefined;
  /** Stores opened by `openStoreAt` (`--from`, `--to`), closed with the command. */
  readonly #others: OpenedStore[] = [];

  constructor(spec: CommandSpec, values: OptionValues, args: string[], out: Output, signal: AbortSignal) {
    this.spec = spec;
    this.values = values;
    this.args = args;
    this.out = out;
    this.signal = signal;
  }

  get name(): string {
    return this.spec.path.join(' ');
  }

  string(option: string): string | undefined {
    const value = this.values[option];
    return typeof value === 'string' ? value : undefined;
  }

  flag(option: string): boolean {
    return this.values[option] === true;
  }

  /** A duration option (`45m`, `5s`, `1500`) in milliseconds. @throws UsageError */
  duration(option: string): number | undefined {
    const text = this.string(option);
    if (text === undefined) return undefined;
    const ms = durationMs(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
    if (typeof ms !== 'number' || ms <= 0) {
      throw new UsageError(
        `${this.name}: --${option} must be a duration like 30s, 5m or 1h, got ${JSON.stringify(text)}`,
        this.name,
      );
    }
    return ms;
  }

  /** A positive number option. @throws UsageError */
  number(option: string): number | undefined {
    const text = this.string(option);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) {
      throw new UsageError(
        `${this.name}: --${option} must be a positive number, got ${JSON.stringify(text)}`,
        this.name,
      );
    }
    return value;
  }

  /** Who is acting, for the rollout history and the audit log: `--actor` (or `--by`), else user@host. */
  get actor(): string {
    return this.string('actor') ?? this.string('by') ?? defaultActor();
  }

  /** `--store`, else `RAMPKIT_STORE`; undefined when neither is set. @throws UsageError for a bad URL */
  storeLocation(): StoreLocation | undefined {
    const text = this.string('store') ?? this.out.io.env.RAMPKIT_STORE;
    if (text === undefined || text.trim() === '') return undefined;
    const location = parseStoreUrl(text, this.out.io.cwd);
    this.out.addSecrets(location.secrets);
    return location;
  }

  /**
   * Opens the store once; `close()` lets it go.
   * @throws UsageError without --store or RAMPKIT_STORE; StoreUnavailableError when it does not answer
   */
  async store(): Promise<OpenedStore> {
    if (this.#opened !== undefined) return this.#opened;
    const location = this.storeLocation();
    if (location === undefined) {
      throw new UsageError(
        `${this.name}: no store: pass --store redis://host:6379 (or file:flags.json), or set RAMPKIT_STORE`,
        this.name,
      );
    }
    const given = this.string('prefix');
    if (
      location.kind === 'redis' &&
      location.prefix !== undefined &&
      given !== undefined &&
      given !== location.prefix
    ) {
      throw new UsageError(
        `${this.name}: --store names prefix ${JSON.stringify(location.prefix)} and --prefix ${JSON.stringify(given)}; give one`,
        this.name,
      );
    }
    const prefix =
      (location.kind === 'redis' ? location.prefix : undefined) ?? given ?? this.out.io.env.RAMPKIT_PREFIX;
    const timeoutMs = this.duration('store-timeout');
    this.#opened = await openStore(location, {
      ...(prefix === undefined || prefix === '' ? {} : { prefix }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return this.#opened;
  }

  /**
   * Opens the store a URL option names (`--from`, `--to`): a Redis URL with its `?prefix=`
   * (default `rampkit:`; `--prefix` and `RAMPKIT_PREFIX` do not apply: each side names its own), or
   * a flags file.
   * @throws UsageError when the option is missing or not a store URL; StoreUnavailableError
   */
  async openStoreAt(option: string): Promise<OpenedStore> {
    const text = this.string(option);
    if (text === undefined || text.trim() === '') {
      throw new UsageError(
        `${this.name}: --${option} is required: a store URL such as redis://host:6379?prefix=staging: or file:staging.json`,
        this.name,
      );
    }
    const location = parseStoreUrl(text, this.out.io.cwd, `--${option}`);
    this.out.addSecrets(location.secrets);
    const timeoutMs = this.duration('store-timeout');
    const opened = await openStore(location, {
      ...(location.kind === 'redis' && location.prefix !== undefined ? { prefix: location.prefix } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    this.#others.push(opened);
    return opened;
  }

  async close(): Promise<void> {
    const opened = [this.#opened, ...this.#others.splice(0)];
    this.#opened = undefined;
    await Promise.all(opened.map((store) => store?.close()));
  }
}

/** `user@host`: who runs the command, when no `--actor` says otherwise. */
function defaultActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the host still says something.
  }
  return `${user}@${hostname()}`;
}
