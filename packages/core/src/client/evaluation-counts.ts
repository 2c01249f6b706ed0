import type { CompiledConfig } from '../evaluation/compile.js';
import { forEachCount } from '../evaluation/evaluation-tally.js';

/** How many evaluations served one (flag, variation). */
export interface EvaluationCount {
  readonly flag: string;
  readonly variation: string;
  readonly count: number;
}

/**
 * A reader of a client's evaluation counts, for exporters that read them when scraped instead of
 * being called on every evaluation (`ClientObserver.evaluated`). The client counts while at least
 * one reader is open.
 */
export interface EvaluationCounter {
  /**
   * Evaluations that served each (flag, variation) since this reader was opened, for the pairs with
   * at least one: the flags and variations of the configurations that were in force, so bounded by
   * them. Counts only go up, across configuration updates and flags since removed.
   */
  read(): EvaluationCount[];
  /** Stops this reader (the client stops counting when none is left). Idempotent. */
  stop(): void;
}

type Totals = Map<string, Map<string, number>>;

/**
 * A client's evaluation counts across configurations. Each compiled flag counts in a tally of its
 * own (`CompiledFlag.tally`), which a new configuration replaces with fresh ones: the counts of the
 * flags it replaces are kept here (`retire`), so that the totals never go down.
 */
export class EvaluationCounts {
  readonly #retired: Totals = new Map();
  readonly #inForce: () => CompiledConfig;
  readonly #onCounting: (counting: boolean) => void;
  #readers = 0;

  /** `onCounting` is told whether anyone reads, whenever that changes. */
  constructor(inForce: () => CompiledConfig, onCounting: (counting: boolean) => void) {
    this.#inForce = inForce;
    this.#onCounting = onCounting;
  }

  /** Keeps the counts of the flags of `previous` that `next` does not hold as they are. */
  retire(previous: CompiledConfig, next: CompiledConfig): void {
    for (const [key, flag] of previous.flags) {
      const tally = flag.tally;
      if (tally === undefined || next.flags.get(key) === flag) continue;
      forEachCount(tally, (variation, count) => add(this.#retired, key, variation, count));
    }
  }

  open(): EvaluationCounter {
    const base = this.#totals();
    let open = true;
    this.#readers += 1;
    if (this.#readers === 1) this.#onCounting(true);
    return {
      read: () => {
        const counts: EvaluationCount[] = [];
        for (const [flag, variations] of this.#totals()) {
          const before = base.get(flag);
          for (const [variation, total] of variations) {
            const count = total - (before?.get(variation) ?? 0);
            if (count > 0) counts.push({ flag, variation, count });
          }
        }
        return counts;
      },
      stop: () => {
        if (!open) return;
        open = false;
        this.#readers -= 1;
        if (this.#readers === 0) this.#onCounting(false);
      },
    };
  }

  #totals(): Totals {
    const totals: Totals = new Map();
    for (const [flag, variations] of this.#retired) totals.set(flag, new Map(variations));
    for (const [key, flag] of this.#inForce().flags) {
      const tally = flag.tally;
      if (tally === undefined) continue;
      forEachCount(tally, (variation, count) => add(totals, key, variation, count));
    }
    return totals;
  }
}

function add(totals: Totals, flag: string, variation: string, count: number): void {
  if (count === 0) return;
  let variations = totals.get(flag);
  if (variations === undefined) {
    variations = new Map();
    totals.set(flag, variations);
  }
  variations.set(variation, (variations.get(variation) ?? 0) + count);
}

/**
 * The key of a client's way to open an `EvaluationCounter`: a symbol that only
 * `@rampkit/core/internal` hands out (through `countEvaluations`), off the client's public surface.
 */
export const EVALUATION_COUNTS: unique symbol = Symbol('rampkit.evaluationCounts');

/** What `countEvaluations` may find on a client. */
export interface EvaluationCountsHolder {
  [EVALUATION_COUNTS]?(): EvaluationCounter;
}

/**
 * Opens a reader of `client`'s evaluation counts; undefined for a client of another copy of core
 * (an ESM and a CJS build side by side), which an exporter then observes through `ClientObserver`.
 */
export function countEvaluations(client: object): EvaluationCounter | undefined {
  const holder = client as EvaluationCountsHolder;
  return typeof holder[EVALUATION_COUNTS] === 'function' ? holder[EVALUATION_COUNTS]() : undefined;
}
