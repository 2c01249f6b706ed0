import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArmMetrics, FlagsConfig, Outcome, RampkitClient } from '@rampkit/core';
import { vi } from 'vitest';

/** Serves `app` on 127.0.0.1 on a free port; `close` also drops keep-alive connections. */
export async function serve(app: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function inParallel(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Per-arm totals the client has recorded for `flagKey`, keyed by variation. */
export async function armsOf(client: RampkitClient, flagKey: string): Promise<Record<string, ArmMetrics>> {
  await client.flush();
  const arms = await client.store.readMetrics!({ flagKey, from: 0, to: Date.now() + 3_600_000 });
  return Object.fromEntries(arms.map((arm) => [arm.variation, arm]));
}

/** A canary at `percent`%, a tracked boolean flag and an untracked string flag. */
export function testFlags(percent = 20): FlagsConfig {
  return {
    flags: [
      {
        key: 'payments',
        kind: 'canary',
        variations: { canary: 'v2', stable: 'v1' },
        offVariation: 'stable',
        fallthrough: {
          split: {
            weights: [
              { variation: 'canary', weight: percent * 100 },
              { variation: 'stable', weight: 10_000 - percent * 100 },
            ],
          },
        },
      },
      {
        key: 'checkout',
        track: true,
        variations: { on: true, off: false },
        offVariation: 'off',
        fallthrough: {
          split: {
            weights: [
              { variation: 'on', weight: 5000 },
              { variation: 'off', weight: 5000 },
            ],
          },
        },
      },
      {
        key: 'banner',
        variations: { a: 'Hello', b: 'Hi' },
        offVariation: 'a',
        fallthrough: { variation: 'b' },
      },
    ],
  };
}

/**
 * Spies on how `client` records outcomes: the returned function lists every outcome recorded so far
 * as [flag, variation, outcome], one entry per (flag, variation) of each request.
 */
export function recordedOutcomes(client: RampkitClient): () => [string, string, Outcome | undefined][] {
  const recordAll = vi.spyOn(client, 'recordAll');
  return () =>
    recordAll.mock.calls.flatMap(([pairs, outcome]) =>
      Array.from({ length: pairs.length / 2 }, (_, i): [string, string, Outcome | undefined] => [
        pairs[2 * i]!,
        pairs[2 * i + 1]!,
        outcome,
      ]),
    );
}
