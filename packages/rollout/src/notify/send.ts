import { type Fetch, requestWithRetries } from '../gates/http.js';
import type { NotificationSpec } from '../plan/types.js';
import type { HistoryEntry, RolloutState, TransitionEntry } from '../state/types.js';
import { notificationPayload, type PayloadContext } from './payload.js';
import { signatureHeaders } from './signing.js';

export interface NotificationFailure {
  url: string;
  entry: TransitionEntry;
  detail: string;
}

export interface NotificationDeps {
  fetch: Fetch;
  sleep: (ms: number) => Promise<void>;
  /** The wall clock, for signatures' timestamps. */
  now: () => number;
  /** Base URL of rollout reports (`reportUrl` in payloads). */
  reportUrl?: string | undefined;
}

/**
 * POSTs every transition among `entries` to each webhook that wants it, with retries; a webhook with
 * a `secret` gets each attempt signed afresh (signing.ts). Failures are returned, not thrown: a
 * notification never holds up a rollout.
 */
export async function sendNotifications(
  entries: readonly HistoryEntry[],
  state: RolloutState,
  extra: readonly NotificationSpec[],
  deps: NotificationDeps,
): Promise<NotificationFailure[]> {
  const targets = [...state.plan.notifications, ...extra];
  const transitions = entries.filter((entry): entry is TransitionEntry => entry.kind === 'transition');
  const context: PayloadContext = { reportUrl: deps.reportUrl };
  const failures: NotificationFailure[] = [];
  // In order per webhook (a reader sees "started" before "rolled back"), webhooks side by side.
  const sends = targets.map(async (target) => {
    for (const entry of transitions) {
      if (target.events !== null && !target.events.includes(entry.type)) continue;
      const body = JSON.stringify(notificationPayload(entry, state, context));
      const { secret } = target;
      const outcome = await requestWithRetries(
        deps.fetch,
        target.url,
        {
          method: 'POST',
          timeoutMs: target.timeoutMs,
          headers: target.headers,
          body,
          ...(secret === undefined
            ? {}
            : { sign: (raw: string) => signatureHeaders(secret, raw, deps.now()) }),
        },
        { retries: target.retries, backoffMs: 500, sleep: deps.sleep },
      );
      if (!outcome.ok)
        failures.push({
          url: target.url,
          entry,
          detail: `${outcome.detail} after ${outcome.attempts} attempts`,
        });
    }
  });
  await Promise.all(sends);
  return failures;
}
