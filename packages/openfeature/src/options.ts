import type { FlagMetadata } from '@openfeature/server-sdk';
import type { ClientOptions, Outcome, RampkitClient } from '@rampkit/core';
import type { DisabledValue } from './resolution.js';

export interface RampkitProviderOptions extends ClientOptions {
  /**
   * A client to evaluate with. The provider then neither creates nor closes one: the application
   * owns it. Without it the provider creates a client from the other options in `initialize` and
   * closes it in `onClose`. @default a client created from these options
   */
  client?: RampkitClient;
  /** How long `initialize` waits for the store's first configuration, in milliseconds. @default 10000 */
  readyTimeoutMs?: number;
  /**
   * What a flag whose kill switch is off resolves to, always with reason DISABLED: its
   * `offVariation` (Rampkit's contract), or the caller's default value (what flagd and OpenFeature's
   * in-memory provider do). @default 'off-variation'
   */
  disabledValue?: DisabledValue;
  /**
   * Flag metadata returned with every evaluation of a flag (`flagMetadata` in OpenFeature's details),
   * merged under the flag's own `metadata`: the flag's entry wins on the same key. @default none
   */
  flagMetadata?: (flagKey: string) => FlagMetadata | undefined;
  /**
   * Tracking event names recorded as Rampkit outcomes, and the outcome each counts as.
   * @default { request: {}, error: { error: true }, aborted: { aborted: true } }
   */
  trackingEvents?: Readonly<Record<string, Outcome>>;
}
