import { errorCode } from '@rampkit/core/internal';
import type { RolloutStore } from '@rampkit/rollout';
import type { Dashboard } from '../dashboard/server.js';
import type { Output } from '../program/output.js';

/** Where `rampkit dashboard` listens by default: the demo tries it first, then any free port. */
const PORT = 3100;

/**
 * `demo --dashboard`: the dashboard on the demo's own store, on this machine only, reading the
 * demo's compressed clock so its charts and ages follow the story's time.
 */
export async function startDemoDashboard(
  store: RolloutStore,
  now: () => number,
  out: Output,
): Promise<Dashboard> {
  const { startDashboard } = await import('../dashboard/server.js');
  const options = {
    store,
    storeName: 'the demo store',
    now,
    localActor: 'dashboard:demo',
    onWarning: (message: string) => out.error(`warning: dashboard: ${message}`),
  };
  try {
    return await startDashboard({ ...options, port: PORT });
  } catch (error) {
    if (errorCode(error) !== 'EADDRINUSE') throw error;
    return startDashboard({ ...options, port: 0 });
  }
}

/** After the story: the dashboard stays up, on the final state, until Ctrl-C. */
export async function serveUntilStopped(
  dashboard: Dashboard,
  out: Output,
  signal?: AbortSignal,
): Promise<void> {
  out.line('');
  out.line(`The dashboard stays open at ${dashboard.url} on the demo's final state: Ctrl-C to stop.`);
  if (signal !== undefined && !signal.aborted) {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  await dashboard.close();
}
