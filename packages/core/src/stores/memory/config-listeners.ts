import { toError } from '../../errors/to-error.js';
import type { ConfigSnapshot } from '../../model/types.js';
import type { Unsubscribe } from '../types.js';

interface Subscription {
  listener: (snapshot: ConfigSnapshot) => void;
  onError: ((error: Error) => void) | undefined;
  active: boolean;
}

/**
 * Delivers configuration snapshots and problems to the subscribers of a config store.
 *
 * Delivery is asynchronous, one microtask per event, so events arrive in the order they were
 * published and never inside the writer's call stack: a listener that throws or writes again cannot
 * break the write that notified it. A listener that throws is reported to its own `onError` (and
 * dropped silently without one); the other listeners still get the event.
 */
export class ConfigListeners {
  readonly #subscriptions = new Set<Subscription>();

  get size(): number {
    return this.#subscriptions.size;
  }

  add(listener: (snapshot: ConfigSnapshot) => void, onError?: (error: Error) => void): Unsubscribe {
    const subscription: Subscription = { listener, onError, active: true };
    this.#subscriptions.add(subscription);
    return () => {
      subscription.active = false;
      this.#subscriptions.delete(subscription);
    };
  }

  publish(snapshot: ConfigSnapshot): void {
    this.#deliver((subscription) => {
      try {
        subscription.listener(snapshot);
      } catch (error) {
        report(subscription, toError(error));
      }
    });
  }

  reportError(error: Error): void {
    this.#deliver((subscription) => report(subscription, error));
  }

  clear(): void {
    for (const subscription of this.#subscriptions) subscription.active = false;
    this.#subscriptions.clear();
  }

  #deliver(send: (subscription: Subscription) => void): void {
    // Subscribers at publish time get the event; one that unsubscribes before delivery does not.
    const targets = [...this.#subscriptions];
    if (targets.length === 0) return;
    queueMicrotask(() => {
      for (const subscription of targets) if (subscription.active) send(subscription);
    });
  }
}

function report(subscription: Subscription, error: Error): void {
  try {
    subscription.onError?.(error);
  } catch {
    // An error handler that throws has nowhere left to report to; the other subscribers still matter.
  }
}
