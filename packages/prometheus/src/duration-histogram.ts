import {
  Histogram,
  type MetricObjectWithValues,
  type MetricType,
  type MetricValueWithName,
  type Registry,
} from 'prom-client';
import type { ArmCounters } from './arm-counters.js';

type Label = 'flag' | 'variation' | 'le';

/**
 * The request duration histogram, read from the exporter's own bucket counts when scraped: the
 * request path adds one to a slot of a typed array instead of calling prom-client's `observe`
 * (which hashes the labels on every call). A prom-client `Histogram` still, so registries, merges
 * and `removeSingleMetric` treat it as one; only `get` is its own.
 */
export class DurationHistogram extends Histogram<Label> {
  readonly #arms: () => Iterable<ArmCounters>;
  readonly #bounds: readonly number[];
  readonly #name: string;
  readonly #help: string;

  constructor(
    options: { name: string; help: string; buckets: readonly number[]; registry: Registry },
    arms: () => Iterable<ArmCounters>,
  ) {
    super({
      name: options.name,
      help: options.help,
      labelNames: ['flag', 'variation'],
      buckets: [...options.buckets],
      registers: [options.registry],
    });
    this.#name = options.name;
    this.#help = options.help;
    this.#arms = arms;
    this.#bounds = options.buckets;
  }

  /** What the registry's text exposition reads (prom-client's histogram has its own; ours is `get`). */
  getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<Label>>> {
    return this.get();
  }

  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<Label>>> {
    const values: MetricValueWithName<Label>[] = [];
    const bucketName = `${this.#name}_bucket`;
    for (const arm of this.#arms()) {
      const { flag, variation } = arm;
      let cumulative = 0;
      for (let i = 0; i < this.#bounds.length; i += 1) {
        cumulative += arm.buckets[i]!;
        values.push({
          metricName: bucketName,
          labels: { flag, variation, le: this.#bounds[i]! },
          value: cumulative,
        });
      }
      values.push({
        metricName: bucketName,
        labels: { flag, variation, le: '+Inf' },
        value: arm.durationCount,
      });
      values.push({ metricName: `${this.#name}_sum`, labels: { flag, variation }, value: arm.durationSum });
      values.push({
        metricName: `${this.#name}_count`,
        labels: { flag, variation },
        value: arm.durationCount,
      });
    }
    // prom-client's typings declare the type as a numeric enum; at run time it is the string.
    const type = 'histogram' as unknown as MetricType;
    return { name: this.#name, help: this.#help, type, values, aggregator: 'sum', collect: () => {} };
  }
}
