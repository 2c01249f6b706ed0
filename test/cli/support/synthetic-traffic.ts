import type { ConfigStore, MetricsStore, MetricsWindow } from '@rampkit/core';
import { LatencyHistogram } from '@rampkit/core';

export interface ArmRates {
  stable: number;
  canary: number;
}

/**
 * Stands in for app instances: every `everyMs` it reads the flag's split from the store and writes
 * one metrics window of `perTick` requests shared between the arms by that split, failing at each
 * arm's error rate. Deterministic: errors are spread evenly, not drawn at random.
 */
export function feedMetrics(
  store: ConfigStore & MetricsStore,
  flagKey: string,
  errorRates: ArmRates,
  options: { perTick?: number; everyMs?: number } = {},
): () => Promise<void> {
  const perTick = options.perTick ?? 40;
  let stopped = false;
  const served = { stable: 0, canary: 0 };
  const loop = (async () => {
    while (!stopped) {
      const snapshot = await store.loadConfig().catch(() => null);
      const flag = snapshot?.config.flags.find((candidate) => candidate.key === flagKey);
      const canaryShare =
        (flag?.fallthrough.split?.weights.find((entry) => entry.variation === 'canary')?.weight ?? 0) /
        10_000;
      const windows: MetricsWindow[] = [];
      const now = Date.now();
      for (const arm of ['stable', 'canary'] as const) {
        const requests = Math.round(perTick * (arm === 'canary' ? canaryShare : 1 - canaryShare));
        if (requests === 0) continue;
        const before = Math.floor(served[arm] * errorRates[arm]);
        served[arm] += requests;
        const errors = Math.floor(served[arm] * errorRates[arm]) - before;
        const latency = new LatencyHistogram();
        for (let i = 0; i < requests; i++) latency.record(5 + (i % 10));
        windows.push({
          flagKey,
          variation: arm,
          windowStart: now - (now % 100),
          windowMs: 100,
          requests,
          errors,
          aborted: 0,
          latency: latency.toData(),
        });
      }
      await store.writeMetrics(windows).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
