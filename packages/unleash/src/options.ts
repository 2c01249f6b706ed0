import type { UnleashHashing } from './bucketing/hashing.js';
import type { UnleashContext } from './context.js';
import type { UnleashDeltaPayload, UnleashPayload } from './payload/types.js';
import type { CustomStrategy } from './strategies/builtin.js';

export interface UnleashFlagsOptions {
  /** Features to start with: a `/client/features` payload or a delta payload (`{ events }`). @default none */
  payload?: UnleashPayload | UnleashDeltaPayload;
  /**
   * Whose buckets to reproduce. `utf8` (Rampkit's contract, and Unleash's Rust engine behind its
   * other SDKs) and `unleash-node` (murmurhash3js, as unleash-client-node) agree on ASCII ids and
   * group ids; they differ on other characters and on strategies without a `groupId`. Pick the
   * one your current SDK uses (docs/migrating-from-unleash.md). @default 'utf8'
   */
  hashing?: UnleashHashing;
  /** Merged under every call's context, as the Unleash SDKs merge `appName` and `environment`. @default {} */
  staticContext?: UnleashContext;
  /** The application's own strategies, by name; unknown strategy names evaluate to off. @default {} */
  strategies?: Record<string, CustomStrategy>;
  /** This host's name for `applicationHostname`. @default process.env.HOSTNAME, else os.hostname() */
  hostname?: string;
  /** Clock for DATE_* constraints when a context has no `currentTime`. @default Date.now */
  now?: () => number;
  /** Source of the random ids of `random` stickiness and `gradualRolloutRandom`. @default Math.random */
  random?: () => number;
}
