import { readFileSync } from 'node:fs';
import type { FlagDefinition, FlagsConfig } from '../model/types.js';

/* The flags the client's tests share, from fixtures/client-flags.json (data, so a port can load them). */

/**
 * `banner`: a 50/50 split of `a` ("Hello") and `b` ("Hi"); `plain`: a boolean serving `on` to all;
 * `checkout`: `on` for country US, `off` otherwise.
 */
export type ClientFlagKey = 'banner' | 'plain' | 'checkout';

const FLAGS = JSON.parse(
  readFileSync(new URL('../../fixtures/client-flags.json', import.meta.url), 'utf8'),
) as Record<ClientFlagKey, FlagDefinition>;

/** A config holding the named flags, in that order. */
export function clientFlags(...keys: ClientFlagKey[]): FlagsConfig {
  return { flags: keys.map((key) => structuredClone(FLAGS[key])) };
}
