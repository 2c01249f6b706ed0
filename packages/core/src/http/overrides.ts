import { RampkitError } from '../errors/errors.js';
import type { OverrideOptions } from './options.js';
import { isSignedToken, type TokenCheck, verifyOverride } from './override-token.js';

/** Why an override was refused: a token's problem, or an unsigned list from a unit not allowed. */
export type OverrideRejection = Extract<TokenCheck, { ok: false }>['reason'] | 'not-allowed';

export type OverrideCheck =
  | { ok: true; flags: ReadonlyMap<string, string> }
  | { ok: false; reason: OverrideRejection };

/**
 * Decides whether an override value may be used: a signed token is verified against the secrets;
 * an unsigned list (`flag=variation&other=variation`) is used only for an allow-listed unit.
 */
export class OverridePolicy {
  readonly header: string;
  readonly cookie: string | undefined;
  readonly #secrets: readonly string[];
  readonly #allowUnits: ReadonlySet<string>;

  constructor(options: OverrideOptions) {
    this.#secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
    this.#allowUnits = new Set(options.allowUnits ?? []);
    if (this.#secrets.length === 0 && this.#allowUnits.size === 0) {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        'overrides: give `secrets` (signed overrides) or `allowUnits` (unit ids allowed to override), or turn overrides off',
      );
    }
    this.header = (options.header ?? 'x-rampkit-override').toLowerCase();
    this.cookie = options.cookie === false ? undefined : (options.cookie ?? 'rampkit_override');
  }

  check(value: string, unit: string | undefined, nowMs: number): OverrideCheck {
    if (isSignedToken(value)) {
      return this.#secrets.length === 0
        ? { ok: false, reason: 'bad-signature' }
        : verifyOverride(value, this.#secrets, unit, nowMs);
    }
    if (unit === undefined || !this.#allowUnits.has(unit)) return { ok: false, reason: 'not-allowed' };
    const flags = new Map<string, string>();
    for (const [flag, variation] of new URLSearchParams(value)) {
      if (flag.length > 0 && variation.length > 0) flags.set(flag, variation);
    }
    return flags.size > 0 ? { ok: true, flags } : { ok: false, reason: 'malformed' };
  }
}
