import { RampkitError } from '@rampkit/core';

/**
 * Names every key, field and channel the store uses. Keys of one prefix (one app or environment)
 * share one Redis Cluster hash tag, so the Lua scripts that touch several of them (a document write
 * guarded by a lease, a metrics flush) run on one slot. A prefix that already holds a `{tag}` keeps
 * it; any other is wrapped whole: `rampkit:` gives keys such as `{rampkit:}config`.
 *
 * Sticky assignments are the exception: there are as many as units, so they are spread over the
 * cluster by unit (`rampkit:sticky:{<unit>}:<experiment>`), and a unit's keys still share a slot.
 */
export class KeySpace {
  /** The prefix as given, e.g. `rampkit:` or `shop:prod:`. */
  readonly prefix: string;
  readonly #tagged: string;
  readonly #plain: string;

  /** @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` for an empty prefix */
  constructor(prefix: string) {
    if (typeof prefix !== 'string' || prefix.length === 0) {
      throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', 'RedisStore: prefix must be a non-empty string');
    }
    this.prefix = prefix;
    this.#tagged = hasHashTag(prefix) ? prefix : `{${prefix}}`;
    this.#plain = prefix.replace(/[{}]/g, '');
  }

  /** A hash: `version`, `updatedAt`, `meta` and the chunk fields of the configuration. */
  get config(): string {
    return `${this.#tagged}config`;
  }

  /** A list of the configuration's audit entries (JSON), newest first, trimmed to the retention. */
  get audit(): string {
    return `${this.#tagged}audit`;
  }

  /** Pub/sub channel announcing each new configuration version. */
  get configChannel(): string {
    return `${this.#tagged}config:changes`;
  }

  /** A sorted set of the window starts stored for one flag (score = member = window start). */
  metricsIndex(flagKey: string): string {
    return `${this.#tagged}metrics:${encodeURIComponent(flagKey)}:index`;
  }

  /** A hash of one flag's window: one field per instance flush. */
  metricsWindow(flagKey: string, windowStart: number): string {
    return `${this.#tagged}metrics:${encodeURIComponent(flagKey)}:${windowStart}`;
  }

  /** A hash `holder`, `token` with a TTL: present while the lease is held. */
  lease(name: string): string {
    return `${this.#tagged}lease:${encodeURIComponent(name)}`;
  }

  /** The last fencing token handed out for a lease; never expires, so tokens only grow. */
  leaseToken(name: string): string {
    return `${this.#tagged}lease-token:${encodeURIComponent(name)}`;
  }

  /** A hash `version`, `value` (JSON). */
  document(key: string): string {
    return `${this.#tagged}doc:${encodeURIComponent(key)}`;
  }

  /** A set of every document key, for `listDocuments`. */
  get documentIndex(): string {
    return `${this.#tagged}docs`;
  }

  /** A hash of one experiment's exposures: unit → `<exposedAt> <arm>` (the first exposure). */
  experimentExposures(experimentKey: string): string {
    return `${this.#tagged}exp:${encodeURIComponent(experimentKey)}:exposures`;
  }

  /** A hash of one experiment's per-unit totals: `c<field>` → count, `s<field>` → sum. */
  experimentTotals(experimentKey: string): string {
    return `${this.#tagged}exp:${encodeURIComponent(experimentKey)}:totals`;
  }

  /** A hash of how many metrics each unit of one experiment has totals of (bounds them). */
  experimentMetricCounts(experimentKey: string): string {
    return `${this.#tagged}exp:${encodeURIComponent(experimentKey)}:metric-counts`;
  }

  /** Present for a while after a batch of experiment data was applied, so a retry is not applied twice. */
  experimentWrite(writeId: string): string {
    return `${this.#tagged}exp-write:${encodeURIComponent(writeId)}`;
  }

  /** One unit's assignment in one experiment. */
  sticky(unit: string, experiment: string): string {
    return `${this.#plain}sticky:{${encodeURIComponent(unit)}}:${encodeURIComponent(experiment)}`;
  }
}

/** Redis hashes only the part between the first `{` and the next `}`, when that part is not empty. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open < 0) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}
