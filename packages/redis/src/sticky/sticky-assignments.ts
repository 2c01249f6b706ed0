import { toError } from '@rampkit/core/internal';
import type { Connection } from '../connection/connection.js';
import type { KeySpace } from '../keys.js';
import type { RampkitCommands } from '../scripts/commands.js';

export interface StickyOptions {
  /** How long a unit keeps its first assignment, in milliseconds. @default 2_592_000_000 (30 days) */
  ttlMs?: number;
  /** Longest wait for Redis on the request path; past it the proposals are used. @default 50 */
  timeoutMs?: number;
}

export const DEFAULT_STICKY_TTL_MS = 30 * 24 * 3_600_000;
export const DEFAULT_STICKY_TIMEOUT_MS = 50;

/**
 * Keeps a unit in the arm it was first assigned, per experiment, even when the weights change
 * mid-experiment. All experiments of a request go in one script call (one round trip); the unit's
 * keys share a hash tag, so the call works on Redis Cluster.
 *
 * It sits on the request path, so it never throws and never waits past `timeoutMs`: when Redis does
 * not answer, the proposed assignments are served and the failure is reported.
 */
export class StickyAssignments {
  readonly #connection: Connection;
  readonly #commands: RampkitCommands;
  readonly #keys: KeySpace;
  readonly #report: (error: Error) => void;

  constructor(
    connection: Connection,
    commands: RampkitCommands,
    keys: KeySpace,
    report: (error: Error) => void,
  ) {
    this.#connection = connection;
    this.#commands = commands;
    this.#keys = keys;
    this.#report = report;
  }

  async assign(
    unit: string,
    proposals: Readonly<Record<string, string>>,
    options: StickyOptions = {},
  ): Promise<Record<string, string>> {
    const experiments = Object.keys(proposals);
    if (experiments.length === 0) return {};
    const ttlMs = options.ttlMs ?? DEFAULT_STICKY_TTL_MS;
    const keys = experiments.map((experiment) => this.#keys.sticky(unit, experiment));
    const variations = experiments.map((experiment) => proposals[experiment] as string);
    try {
      const stored = await this.#connection.run(
        'assign sticky variations',
        () =>
          this.#commands.rampkitAssignSticky(
            keys.length,
            ...keys,
            String(Math.max(1, Math.ceil(ttlMs))),
            ...variations,
          ),
        options.timeoutMs ?? DEFAULT_STICKY_TIMEOUT_MS,
      );
      const out: Record<string, string> = {};
      experiments.forEach((experiment, i) => {
        out[experiment] = stored[i] ?? (proposals[experiment] as string);
      });
      return out;
    } catch (error) {
      this.#report(toError(error));
      return { ...proposals };
    }
  }
}
