import { type Issues, quote } from '../validation/index.js';

/** One split's claim on a mutual-exclusion layer: the half-open bucket range [start, end). */
export interface LayerClaim {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Path of the `layer` object, for messages naming both sides of an overlap. */
  readonly path: string;
}

/** What checking one flag needs to know about the rest of the configuration. */
export interface FlagScope {
  readonly issues: Issues;
  /** This flag's variation names; undefined when `variations` itself is broken (no echo issues). */
  readonly variations: ReadonlySet<string> | undefined;
  readonly segmentKeys: ReadonlySet<string>;
  /** Every flag's variation names by key (undefined names: that flag's variations are broken). */
  readonly flags: ReadonlyMap<string, ReadonlySet<string> | undefined>;
  /** Filled while checking; overlaps are found once every flag has been seen. */
  readonly layerClaims: LayerClaim[];
}

const MAX_NAMES_SHOWN = 10;

/** Pushes an issue unless `name` is one of `names`; the message lists what exists. */
export function checkVariationName(
  name: string,
  names: ReadonlySet<string> | undefined,
  path: string,
  issues: Issues,
  whose = 'this flag',
): void {
  if (names === undefined || names.has(name)) return;
  issues.push({ path, message: `${whose} has no variation ${quote(name)}; ${listNames(names)}` });
}

export function listNames(names: ReadonlySet<string>): string {
  if (names.size === 0) return 'it has none';
  const shown = [...names].slice(0, MAX_NAMES_SHOWN).map(quote);
  const more = names.size > MAX_NAMES_SHOWN ? `, …(${names.size - MAX_NAMES_SHOWN} more)` : '';
  return `expected one of ${shown.join(', ')}${more}`;
}
