import { type Fetch, requestWithRetries } from '../gates/http.js';
import type { NotificationSpec } from '../plan/types.js';
import type { HistoryEntry, RolloutState, TransitionEntry } from '../state/types.js';

/** What a notification webhook receives: Slack-compatible `text`, plus the transition for programs. */
export interface NotificationPayload {
  text: string;
  rollout: { id: string; flag: string; stable: string; canary: string; status: string; attempt: number };
  transition: TransitionEntry;
}

const LABELS: Record<TransitionEntry['type'], string> = {
  started: 'started',
  stepStarted: 'moving traffic',
  stepCompleted: 'step completed',
  stepSkipped: 'step skipped',
  held: 'held',
  awaitingApproval: 'waiting for approval',
  approved: 'approved',
  paused: 'paused',
  resumed: 'resumed',
  promoted: 'promoted',
  rolledBack: 'ROLLED BACK',
  aborted: 'aborted',
  retried: 'retried',
  clockStepped: 'clock stepped',
};

export function notificationText(entry: TransitionEntry, state: RolloutState): string {
  const weight =
    entry.toWeight === entry.weight ? `${entry.weight}%` : `${entry.weight}% → ${entry.toWeight}%`;
  return `Rollout ${state.id} of ${state.plan.flag} ${LABELS[entry.type]} (canary ${weight}): ${entry.reason}`;
}

export interface NotificationFailure {
  url: string;
  entry: TransitionEntry;
  detail: string;
}

/**
 * POSTs every transition among `entries` to each webhook that wants it, with retries. Failures are
 * returned, not thrown: a notification never holds up a rollout.
 */
export async function sendNotifications(
  entries: readonly HistoryEntry[],
  state: RolloutState,
  extra: readonly NotificationSpec[],
  deps: { fetch: Fetch; sleep: (ms: number) => Promise<void> },
): Promise<NotificationFailure[]> {
  const targets = [...state.plan.notifications, ...extra];
  const transitions = entries.filter((entry): entry is TransitionEntry => entry.kind === 'transition');
  const failures: NotificationFailure[] = [];
  // In order per webhook (a reader sees "started" before "rolled back"), webhooks side by side.
  const sends = targets.map(async (target) => {
    for (const entry of transitions) {
      if (target.events !== null && !target.events.includes(entry.type)) continue;
      const payload: NotificationPayload = {
        text: notificationText(entry, state),
        rollout: {
          id: state.id,
          flag: state.plan.flag,
          stable: state.plan.stable,
          canary: state.plan.canary,
          status: entry.status,
          attempt: entry.attempt,
        },
        transition: entry,
      };
      const outcome = await requestWithRetries(
        deps.fetch,
        target.url,
        { method: 'POST', timeoutMs: target.timeoutMs, headers: target.headers, body: payload },
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
