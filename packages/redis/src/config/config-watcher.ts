import { type ConfigSnapshot, isStoreUnavailableError, type Unsubscribe } from '@rampkit/core';
import { toError } from '@rampkit/core/internal';
import type { Connection } from '../connection/connection.js';
import type { RedisConfig } from './redis-config.js';

/** What the watcher needs from the store that owns it. */
export interface WatcherHost {
  readonly config: RedisConfig;
  readonly channel: string;
  readonly pollIntervalMs: number;
  /** Opens the subscriber connection; `onUp` runs each time it is ready (again). */
  openSubscriber(onUp: () => void): Connection;
  /** Redis could not be reached: report the first failure of an outage and mark the store stale. */
  outage(error: Error): void;
  /** Any other problem, always reported. */
  report(error: Error): void;
  /** A resync succeeded: the store is fresh again if every connection is up. */
  markFresh(): void;
  isStale(): boolean;
}

interface Subscription {
  listener: (snapshot: ConfigSnapshot) => void;
  onError: ((error: Error) => void) | undefined;
  onStale: ((stale: boolean) => void) | undefined;
  active: boolean;
}

/**
 * Follows the configuration for the store's subscribers: a pub/sub message announces each new
 * version, and a poll of the version every `pollIntervalMs` heals a message missed while the
 * subscriber was reconnecting. Reads coalesce: however many announcements arrive during a read,
 * one more read follows it. Subscribers get every stored configuration that differs from the last
 * they got: a later version of its history, or one of a new history (Redis lost its data and was
 * written again, or went back to an older version: see ConfigHistory, which names the histories).
 */
export class ConfigWatcher {
  readonly #host: WatcherHost;
  readonly #subscriptions = new Set<Subscription>();
  #subscriber: Connection | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The last snapshot delivered: versions compare only within one history's name. */
  #delivered: { version: number; generation: string | undefined } | undefined;
  #syncing: Promise<void> | undefined;
  #again = false;

  constructor(host: WatcherHost) {
    this.#host = host;
  }

  get active(): boolean {
    return this.#subscriber !== undefined;
  }

  get subscriberReady(): boolean {
    return this.#subscriber?.isReady ?? false;
  }

  add(
    listener: (snapshot: ConfigSnapshot) => void,
    onError?: (error: Error) => void,
    onStale?: (stale: boolean) => void,
  ): Unsubscribe {
    const subscription: Subscription = { listener, onError, onStale, active: true };
    this.#subscriptions.add(subscription);
    if (!this.active) this.#start();
    return () => {
      if (!subscription.active) return;
      subscription.active = false;
      this.#subscriptions.delete(subscription);
      if (this.#subscriptions.size === 0) void this.stop();
    };
  }

  /**
   * Reads the stored snapshot and delivers it when it differs from the last delivered. `changed`:
   * one subscribers lack is known to be stored (announced, or found by the poll), so the read
   * skips the version check that every other read starts with (see `#syncOnce`).
   */
  sync(changed = false): Promise<void> {
    if (!this.active) return Promise.resolve();
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    const run = (async () => {
      let known = changed;
      do {
        this.#again = false;
        await this.#syncOnce(known);
        // What arrived during a read may be what that read got: check the version again.
        known = false;
      } while (this.#again && this.active);
    })().finally(() => {
      this.#syncing = undefined;
    });
    this.#syncing = run;
    return run;
  }

  reportError(error: Error): void {
    for (const subscription of [...this.#subscriptions]) safely(() => subscription.onError?.(error));
  }

  reportStale(stale: boolean): void {
    for (const subscription of [...this.#subscriptions]) safely(() => subscription.onStale?.(stale));
  }

  async stop(): Promise<void> {
    for (const subscription of this.#subscriptions) subscription.active = false;
    this.#subscriptions.clear();
    clearInterval(this.#timer);
    this.#timer = undefined;
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#delivered = undefined;
    await subscriber?.close();
  }

  /** The first `ready` of the new connection subscribes and reads, as every later one does. */
  #start(): void {
    const subscriber = this.#host.openSubscriber(() => void this.#subscribeAndSync(subscriber));
    this.#subscriber = subscriber;
    subscriber.client.on('message', (channel: string, message: string) => this.#onMessage(channel, message));
    this.#timer = setInterval(() => void this.#poll(), this.#host.pollIntervalMs);
    this.#timer.unref?.();
  }

  /** Subscribing again is harmless and its reply proves the subscription is live before the read. */
  async #subscribeAndSync(subscriber: Connection): Promise<void> {
    try {
      await subscriber.run('subscribe to configuration changes', (client) =>
        client.subscribe(this.#host.channel),
      );
    } catch (error) {
      if (this.#subscriber === subscriber) this.#host.outage(toError(error));
      return;
    }
    await this.sync();
  }

  #onMessage(channel: string, message: string): void {
    if (channel !== this.#host.channel) return;
    const version = Number(message);
    if (!(version > 0)) return;
    // A read under way may have started before this write: it reads again once done.
    if (this.#syncing || this.#delivered === undefined) void this.sync();
    else if (version > this.#delivered.version) void this.sync(true);
    // Not newer by number, yet announced: a write after Redis went back (a lossy failover, a
    // restore) or lost its data. One HMGET tells, without reading the whole configuration.
    else void this.#poll();
  }

  async #poll(): Promise<void> {
    if (this.#syncing) return;
    try {
      const stored = await this.#host.config.version();
      const differs = this.#differs(stored);
      if (differs || this.#host.isStale()) await this.sync(differs);
    } catch (error) {
      this.#host.outage(toError(error));
    }
  }

  /** Whether `stored` is a configuration subscribers have not got: nothing stored never is. */
  #differs(stored: { version: number; generation?: string | undefined }): boolean {
    if (stored.version === 0) return false;
    const delivered = this.#delivered;
    return (
      delivered === undefined ||
      stored.generation !== delivered.generation ||
      stored.version > delivered.version
    );
  }

  /**
   * The version first (one HMGET), unless a change is `known` after a first delivery: the first
   * read finds what a client's load read and shares its snapshot, and a resync or a coalesced read
   * that finds what subscribers have decodes nothing (at 10,000 flags a decode holds 6 MB for half
   * a second).
   */
  async #syncOnce(known: boolean): Promise<void> {
    let snapshot: ConfigSnapshot | null;
    try {
      snapshot =
        known && this.#delivered !== undefined
          ? await this.#host.config.load()
          : await this.#host.config.loadIf((stored) => this.#differs(stored));
    } catch (error) {
      const reported = toError(error);
      if (isStoreUnavailableError(reported)) this.#host.outage(reported);
      else this.#host.report(reported);
      return;
    }
    if (!this.active) return;
    if (snapshot && this.#differs(snapshot)) this.#deliver(snapshot);
    this.#host.markFresh();
  }

  #deliver(snapshot: ConfigSnapshot): void {
    this.#delivered = { version: snapshot.version, generation: snapshot.generation };
    for (const subscription of [...this.#subscriptions]) {
      if (!subscription.active) continue;
      try {
        subscription.listener(snapshot);
      } catch (error) {
        safely(() => subscription.onError?.(toError(error)));
      }
    }
  }
}

function safely(call: () => void): void {
  try {
    call();
  } catch {
    // A subscriber's error or stale handler that throws has nowhere left to report to.
  }
}
