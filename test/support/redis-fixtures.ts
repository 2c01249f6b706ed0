import type { FlagDefinition, FlagsConfig, MetricsWindow } from './redis-deps.js';
import { LatencyHistogram } from './redis-deps.js';

/** A boolean flag serving `variation` to everyone, tagged so a reader can tell who wrote it. */
export function flag(key: string, variation: 'on' | 'off' = 'on', tag = ''): FlagDefinition {
  return {
    key,
    variations: { on: true, off: false },
    offVariation: 'off',
    fallthrough: { variation },
    ...(tag ? { description: tag } : {}),
  };
}

/** `count` flags with realistic bulk (rules and a split), every one tagged with `tag`. */
export function bigConfig(count: number, tag: string): FlagsConfig {
  const flags: FlagDefinition[] = [];
  for (let i = 0; i < count; i += 1) {
    flags.push({
      key: `flag-${i}`,
      description: tag,
      variations: { on: true, off: false },
      offVariation: 'off',
      rules: [
        { conditions: [{ attribute: 'country', op: 'in', values: ['US', 'CA', `X${i}`] }], variation: 'on' },
      ],
      fallthrough: {
        split: {
          weights: [
            { variation: 'on', weight: 2500 },
            { variation: 'off', weight: 7500 },
          ],
        },
      },
    });
  }
  return { flags, segments: [{ key: 'beta', included: ['u1', 'u2'] }] };
}

/** A metrics window with the given outcomes; latencies are recorded into a real histogram. */
export function metricsWindow(
  flagKey: string,
  variation: string,
  windowStart: number,
  outcomes: { requests: number; errors: number; latencies: number[]; instanceId?: string },
): MetricsWindow {
  const histogram = new LatencyHistogram();
  for (const ms of outcomes.latencies) histogram.record(ms);
  const window: MetricsWindow = {
    flagKey,
    variation,
    windowStart,
    windowMs: 10_000,
    requests: outcomes.requests,
    errors: outcomes.errors,
    aborted: 0,
    latency: histogram.toData(),
  };
  if (outcomes.instanceId !== undefined) window.instanceId = outcomes.instanceId;
  return window;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `check` holds, polling every 10 ms; rejects with `what` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}
