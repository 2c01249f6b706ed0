/**
 * Rampkit's request series in Prometheus's text format (docs/monitoring.md names them), counted from
 * the windows the client flushes: a metrics "store" that keeps running totals per (flag, variation).
 * No second timer: latencies are those the client recorded.
 */
const LE_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createExporter() {
  const arms = new Map();
  const armOf = (flag, variation) => {
    const key = `${flag}\u0000${variation}`;
    let arm = arms.get(key);
    if (arm === undefined) {
      arm = {
        flag,
        variation,
        requests: 0,
        errors: 0,
        aborts: 0,
        sum: 0,
        buckets: LE_SECONDS.map(() => 0),
        count: 0,
      };
      arms.set(key, arm);
    }
    return arm;
  };
  return {
    /** Pass as the client's `metrics`. */
    metrics: {
      async writeMetrics(windows) {
        for (const w of windows) {
          const arm = armOf(w.flagKey, w.variation);
          arm.requests += w.requests;
          arm.errors += w.errors;
          arm.aborts += w.aborted;
          arm.sum += w.latency.sum / 1000;
          arm.count += w.latency.count;
          for (const [index, n] of Object.entries(w.latency.buckets)) {
            const seconds = bucketMillis(Number(index)) / 1000;
            LE_SECONDS.forEach((le, i) => {
              if (seconds <= le) arm.buckets[i] += n;
            });
          }
        }
      },
      async readMetrics() {
        return [];
      },
      async readMetricsWindows() {
        return [];
      },
    },
    text() {
      const lines = [];
      const series = (name, type, help, value) => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
        for (const arm of arms.values()) value(arm, `flag="${arm.flag}",variation="${arm.variation}"`);
      };
      series('rampkit_requests_total', 'counter', 'Requests served in the arm.', (a, l) =>
        lines.push(`rampkit_requests_total{${l}} ${a.requests}`),
      );
      series('rampkit_request_errors_total', 'counter', 'Requests counted as errors.', (a, l) =>
        lines.push(`rampkit_request_errors_total{${l}} ${a.errors}`),
      );
      series('rampkit_request_aborts_total', 'counter', 'Requests the client aborted.', (a, l) =>
        lines.push(`rampkit_request_aborts_total{${l}} ${a.aborts}`),
      );
      series('rampkit_request_duration_seconds', 'histogram', 'Request latency.', (a, l) => {
        for (const [i, le] of LE_SECONDS.entries())
          lines.push(`rampkit_request_duration_seconds_bucket{${l},le="${le}"} ${a.buckets[i]}`);
        lines.push(`rampkit_request_duration_seconds_bucket{${l},le="+Inf"} ${a.count}`);
        lines.push(`rampkit_request_duration_seconds_sum{${l}} ${a.sum}`);
        lines.push(`rampkit_request_duration_seconds_count{${l}} ${a.count}`);
      });
      return `${lines.join('\n')}\n`;
    },
  };
}

/** The latency a bucket of Rampkit's histogram stands for, in ms (packages/core/src/metrics/histogram.ts). */
function bucketMillis(index) {
  if (index < 128) return index / 1000;
  const shift = Math.floor(index / 64) - 1;
  const width = 2 ** shift;
  return ((64 + (index % 64)) * width + (width - 1) / 2) / 1000;
}
