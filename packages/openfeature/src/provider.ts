import {
  type EvaluationContext,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderFatalError,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import {
  createClient,
  isInvalidConfigError,
  type JsonValue,
  type RampkitClient,
  type EvaluationContext as RampkitContext,
} from '@rampkit/core';
import { forwardClientEvents } from './client-events.js';
import { toRampkitContext } from './context.js';
import type { RampkitProviderOptions } from './options.js';
import { notReady, toResolution } from './resolution.js';
import { DEFAULT_TRACKING_EVENTS, recordTracking, trackMetric } from './tracking.js';

/**
 * Rampkit as an OpenFeature server provider: `OpenFeature.setProviderAndWait(new RampkitProvider({ store }))`.
 * Evaluation is Rampkit's (local, synchronous, deterministic buckets); the provider maps contexts,
 * results, events and tracking between the two. docs/openfeature.md has the whole mapping.
 */
export class RampkitProvider implements Provider {
  readonly metadata = { name: 'rampkit' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly #options: RampkitProviderOptions;
  #client: RampkitClient | undefined;
  #ownsClient = false;
  #stopForwarding: (() => void) | undefined;
  #initialized = false;

  constructor(options: RampkitProviderOptions = {}) {
    this.#options = options;
  }

  /** The client the provider evaluates with; undefined before `initialize` when it creates its own. */
  get client(): RampkitClient | undefined {
    return this.#client ?? this.#options.client;
  }

  /**
   * Creates (or adopts) the client and waits for the store's first configuration.
   * @throws ProviderFatalError when the bootstrap `flags` are invalid: no retry can fix them (status FATAL)
   * @throws RampkitError `RAMPKIT_NOT_READY` after `readyTimeoutMs` (status ERROR; READY follows
   *   when the store answers later)
   */
  async initialize(): Promise<void> {
    const client = this.#attach();
    try {
      await client.ready({ timeoutMs: this.#options.readyTimeoutMs ?? 10_000 });
    } finally {
      this.#initialized = true;
    }
  }

  /** Stops forwarding events and closes the client the provider created (never one it was given). */
  async onClose(): Promise<void> {
    this.#stopForwarding?.();
    this.#stopForwarding = undefined;
    this.#initialized = false;
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined && this.#ownsClient) await client.close();
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext) {
    return this.#resolve(flagKey, defaultValue, context);
  }

  async resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext) {
    return this.#resolve(flagKey, defaultValue, context);
  }

  async resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext) {
    return this.#resolve(flagKey, defaultValue, context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ) {
    return this.#resolve(flagKey, defaultValue, context);
  }

  /**
   * A tracking event whose name is one of `trackingEvents` (request, error, aborted by default) counts
   * as a Rampkit outcome (`client.record`; see `recordTracking` for which arms). Any other name is an
   * experiment metric: `client.track(name, context, details.value ?? 1)`, the path `client.track`
   * and `req.flags.track` take. Never throws.
   */
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails = {}): void {
    const client = this.#client;
    if (client === undefined) return;
    const events = this.#options.trackingEvents ?? DEFAULT_TRACKING_EVENTS;
    if (Object.hasOwn(events, trackingEventName)) {
      recordTracking(client, events[trackingEventName]!, toRampkitContext(context), details);
    } else {
      trackMetric(client, trackingEventName, toRampkitContext(context), details);
    }
  }

  #resolve<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    const client = this.#client;
    if (client === undefined) return notReady(defaultValue, 'the provider has not been initialised');
    const rampkitContext: RampkitContext = toRampkitContext(context);
    // `valueDetails` checks the flag's type against the default's: TYPE_MISMATCH instead of a wrong type.
    const result = client.valueDetails<string, JsonValue>(flagKey, rampkitContext, defaultValue);
    return toResolution(
      result,
      defaultValue,
      this.#options.disabledValue ?? 'off-variation',
      this.#options.flagMetadata?.(flagKey),
    );
  }

  #attach(): RampkitClient {
    this.#stopForwarding?.();
    let client = this.#options.client;
    this.#ownsClient = client === undefined;
    if (client === undefined) {
      try {
        client = createClient(this.#options);
      } catch (error) {
        if (isInvalidConfigError(error)) throw new ProviderFatalError(error.message);
        throw error;
      }
    }
    this.#client = client;
    this.#initialized = false;
    this.#stopForwarding = forwardClientEvents(client, this.events, () => this.#initialized);
    return client;
  }
}
