import type { FlagsConfig } from '@rampkit/core';
import { RampkitProvider, type RampkitProviderOptions } from '@rampkit/openfeature';
import { ControlledStore } from './controlled-store.js';
import {
  type Client,
  type EvaluationContext,
  type EvaluationDetails,
  type FlagValue,
  type Hook,
  type JsonValue,
  OpenFeature,
} from './deps.js';

export type FlagType = 'Boolean' | 'String' | 'Integer' | 'Float' | 'Object';
export type ProviderCondition = 'stable' | 'not ready' | 'error' | 'fatal' | 'stale';

/** The flags of test-flags.json as Rampkit flags (metadata included), shared by every scenario. */
export interface SuiteFlags {
  readonly config: FlagsConfig;
}

/** Records the context the SDK hands the provider: the "retrievable context" of contextMerging.feature. */
export class ContextRecordingProvider extends RampkitProvider {
  lastContext: EvaluationContext | undefined;

  override async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ) {
    this.lastContext = context;
    return super.resolveBooleanEvaluation(flagKey, defaultValue, context);
  }
}

let scenarios = 0;

/**
 * One scenario's state. Each scenario binds its own provider to its own OpenFeature domain, so
 * nothing leaks between scenarios but the API-level context and hooks, which `cleanup` resets.
 */
export class OpenFeatureWorld {
  readonly domain = `scenario-${++scenarios}`;
  readonly flags: SuiteFlags;
  provider: RampkitProvider | undefined;
  store: ControlledStore | undefined;
  flag: { key: string; type: FlagType; defaultValue: FlagValue } | undefined;
  context: EvaluationContext = {};
  originalContext: EvaluationContext | undefined;
  details: EvaluationDetails<FlagValue> | undefined;
  returnedPromise = false;
  invocationHooks: Hook[] = [];
  readonly hookLog: Array<{ stage: string; hook: string; details?: EvaluationDetails<FlagValue> }> = [];
  readonly levels = {
    api: {} as EvaluationContext,
    transaction: undefined as EvaluationContext | undefined,
    client: {} as EvaluationContext,
    invocation: {} as EvaluationContext,
    beforeHooks: undefined as EvaluationContext | undefined,
  };
  precedence: string[] = [];

  constructor(flags: SuiteFlags) {
    this.flags = flags;
  }

  #client: Client | undefined;

  /** One client for the whole scenario: client-level context and hooks live on it. */
  get client(): Client {
    this.#client ??= OpenFeature.getClient(this.domain);
    return this.#client;
  }

  providerOptions(): RampkitProviderOptions {
    // test-flags.json follows flagd: a disabled flag resolves to the caller's default.
    return { disabledValue: 'caller-default' };
  }

  /** Binds a provider in the named condition, each one reached through a real Rampkit path. */
  async useProvider(condition: ProviderCondition): Promise<void> {
    const options = this.providerOptions();
    switch (condition) {
      case 'stable':
        await this.bind(new RampkitProvider({ ...options, flags: this.flags.config }), true);
        return;
      case 'not ready':
        this.store = new ControlledStore(this.flags.config, 'pending');
        await this.bind(new RampkitProvider({ ...options, store: this.store }), false);
        return;
      case 'error':
        this.store = new ControlledStore(this.flags.config, 'down');
        await this.bind(new RampkitProvider({ ...options, store: this.store, readyTimeoutMs: 50 }), true);
        return;
      case 'fatal':
        // Invalid bootstrap flags: no retry can fix them, so initialize fails with PROVIDER_FATAL.
        await this.bind(
          new RampkitProvider({
            ...options,
            flags: { flags: [{ key: 'broken' }] } as unknown as FlagsConfig,
          }),
          true,
        );
        return;
      case 'stale':
        this.store = new ControlledStore(this.flags.config, 'up');
        await this.bind(new RampkitProvider({ ...options, store: this.store }), true);
        this.store.goStale();
        return;
    }
  }

  async bind(provider: RampkitProvider, wait: boolean): Promise<void> {
    this.provider = provider;
    if (!wait) {
      OpenFeature.setProvider(this.domain, provider);
      return;
    }
    // A provider that fails to initialise is the point of some scenarios: its status tells.
    await OpenFeature.setProviderAndWait(this.domain, provider).catch(() => undefined);
  }

  /** Evaluates the scenario's flag through the typed detail method of its type. */
  evaluate(options: { hooks?: Hook[] } = {}): Promise<EvaluationDetails<FlagValue>> {
    const flag = this.flag;
    if (flag === undefined) throw new Error('no flag was given');
    const client = this.client;
    const { key, defaultValue } = flag;
    switch (flag.type) {
      case 'Boolean':
        return client.getBooleanDetails(key, defaultValue as boolean, this.context, options);
      case 'String':
        return client.getStringDetails(key, defaultValue as string, this.context, options);
      case 'Integer':
      case 'Float':
        return client.getNumberDetails(key, defaultValue as number, this.context, options);
      case 'Object':
        return client.getObjectDetails(key, defaultValue as JsonValue, this.context, options);
    }
  }

  async cleanup(): Promise<void> {
    // A first load still pending would fail initialize later, after the scenario: let it answer.
    if (this.store?.release()) await this.provider?.client?.ready({ timeoutMs: 1_000 });
    await OpenFeature.clearProviders();
    OpenFeature.setContext({});
    OpenFeature.clearHooks();
    this.store?.close();
  }
}

/** A Gherkin value as the flag type's value: JSON for objects (written with `\"` escapes). */
export function parseValue(type: FlagType, text: string): FlagValue {
  switch (type) {
    case 'Boolean':
      if (text !== 'true' && text !== 'false') throw new Error(`not a boolean: ${text}`);
      return text === 'true';
    case 'String':
      return text;
    case 'Integer':
    case 'Float': {
      const number = Number(text);
      if (text.trim() === '' || Number.isNaN(number)) throw new Error(`not a number: ${text}`);
      return number;
    }
    case 'Object':
      return JSON.parse(unescapeQuotes(text)) as JsonValue;
  }
}

export function unescapeQuotes(text: string): string {
  return text.replace(/\\"/g, '"');
}

export function flagType(text: string): FlagType {
  const type = text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  if (!['Boolean', 'String', 'Integer', 'Float', 'Object'].includes(type))
    throw new Error(`unknown flag type ${text}`);
  return type as FlagType;
}
