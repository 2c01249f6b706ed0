import { EventEmitter } from 'eventemitter3';
import type { ClientEvents } from './events.js';

type Name = EventEmitter.EventNames<ClientEvents>;
type Listener<T extends Name> = EventEmitter.EventListener<ClientEvents, T>;

/**
 * The client's events, knowing at every moment whether anyone listens for exposures and tracks.
 *
 * Every evaluation that serves a variation asks that, and eventemitter3's `listenerCount` is a
 * generic lookup by a computed name (bench/http/README.md). Kept as a field instead, refreshed
 * whenever a listener is added or removed (eventemitter3 removes a `once` listener through
 * `removeListener`, so that is seen too).
 */
export class ClientEmitter extends EventEmitter<ClientEvents> {
  /** Whether an `exposure` listener is registered. */
  protected exposureListened = false;
  /** Whether a `track` listener is registered. */
  protected trackListened = false;

  override on<T extends Name>(event: T, fn: Listener<T>, context?: unknown): this {
    super.on(event, fn, context);
    return this.#refresh();
  }

  override addListener<T extends Name>(event: T, fn: Listener<T>, context?: unknown): this {
    super.addListener(event, fn, context);
    return this.#refresh();
  }

  override once<T extends Name>(event: T, fn: Listener<T>, context?: unknown): this {
    super.once(event, fn, context);
    return this.#refresh();
  }

  override removeListener<T extends Name>(
    event: T,
    fn?: Listener<T>,
    context?: unknown,
    once?: boolean,
  ): this {
    super.removeListener(event, fn, context, once);
    return this.#refresh();
  }

  override off<T extends Name>(event: T, fn?: Listener<T>, context?: unknown, once?: boolean): this {
    super.off(event, fn, context, once);
    return this.#refresh();
  }

  override removeAllListeners(event?: Name): this {
    super.removeAllListeners(event);
    return this.#refresh();
  }

  #refresh(): this {
    this.exposureListened = this.listenerCount('exposure') > 0;
    this.trackListened = this.listenerCount('track') > 0;
    return this;
  }
}
