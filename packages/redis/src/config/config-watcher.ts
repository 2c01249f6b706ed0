import { type ConfigSnapshot, isRampkitError, type Unsubscribe } from '@rampkit/core';
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
 * one more read follows it, and each subscriber gets every version newer than the last it got.
 */
export class ConfigWatcher {
  readonly #host: WatcherHost;
  readonly #subscriptions = new Set<Subscription>();
  #subscriber: Connection | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #delivered = 0;
  /** Generation of the last delivered snapshot: versions compare only within one. */
  #generation: string | undefined;
  #warnedBackwardsAt = -1;
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

  /** Reads the stored snapshot and delivers it when it is newer than the last delivered. */
  sync(): Promise<void> {
    if (!this.active) return Promise.resolve();
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    const run = (async () => {
      do {
        this.#again = false;
        await this.#syncOnce();
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
    this.#delivered = 0;
    this.#generation = undefined;
    this.#warnedBackwardsAt = -1;
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
    if (version > this.#delivered) void this.sync();
    // Not newer by number, yet announced: perhaps the first write of a new generation (Redis lost
    // its data and was written again). One HMGET tells.
    else if (version > 0) void this.#poll();
  }

  async #poll(): Promise<void> {
    if (this.#syncing) return;
    try {
      const { version, generation } = await this.#host.config.version();
      if (version > this.#delivered || this.#host.isStale() || this.#isNewGeneration(version, generation)) {
        await this.sync();
      } else if (version < this.#delivered) {
        this.#warnBackwards(version);
      }
    } catch (error) {
      this.#host.outage(toError(error));
    }
  }

  /** A stored configuration of another history than the one delivered (see `WRITE_CONFIG`). */
  #isNewGeneration(version: number, generation: string | undefined): boolean {
    return version > 0 && this.#delivered > 0 && generation !== this.#generation;
  }

  async #syncOnce(): Promise<void> {
    let snapshot: ConfigSnapshot | null;
    try {
      snapshot = await this.#host.config.load();
    } catch (error) {
      const reported = toError(error);
      if (isRampkitError(reported) && reported.code === 'RAMPKIT_STORE_UNAVAILABLE')
        this.#host.outage(reported);
      else this.#host.report(reported);
      return;
    }
    if (!this.active) return;
    const version = snapshot?.version ?? 0;
    if (snapshot && version > this.#delivered) {
      this.#deliver(snapshot);
    } else if (snapshot && this.#isNewGeneration(version, snapshot.generation)) {
      this.#host.report(
        new Error(
          `RedisStore: the stored configuration began a new history at version ${version} ` +
            `(after version ${this.#delivered} of the previous one: did Redis lose its data?); following it`,
        ),
      );
      this.#deliver(snapshot);
    } else if (version < this.#delivered) {
      this.#warnBackwards(version);
    }
    this.#host.markFresh();
  }

  #deliver(snapshot: ConfigSnapshot): void {
    this.#delivered = snapshot.version;
    this.#generation = snapshot.generation;
    this.#warnedBackwardsAt = -1;
    for (const subscription of [...this.#subscriptions]) {
      if (!subscription.active) continue;
      try {
        subscription.listener(snapshot);
      } catch (error) {
        safely(() => subscription.onError?.(toError(error)));
      }
    }
  }

  /**
   * Versions only grow within a generation. Lower here means Redis lost its data (a restart without
   * persistence, a flush) and nothing was written since, or a replica behind its primary took over:
   * the subscribers keep the configuration they have. The next write starts a new generation,
   * which they follow.
   */
  #warnBackwards(version: number): void {
    if (this.#warnedBackwardsAt === version) return;
    this.#warnedBackwardsAt = version;
    this.#host.report(
      new Error(
        `RedisStore: the stored configuration version went back from ${this.#delivered} to ${version} ` +
          '(did Redis lose its data?); keeping version ' +
          `${this.#delivered} until the configuration is written again`,
      ),
    );
  }
}

function safely(call: () => void): void {
  try {
    call();
  } catch {
    // A subscriber's error or stale handler that throws has nowhere left to report to.
  }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
