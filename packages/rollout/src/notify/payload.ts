import type { RolloutState, TransitionEntry } from '../state/types.js';
import { notificationText } from './text.js';

/**
 * What a notification webhook receives: Slack-compatible `text`, plus the transition for programs.
 * docs/schemas/notification.schema.json is its JSON Schema; `version` changes when a field's meaning
 * does, not when a field is added.
 */
export interface NotificationPayload {
  /** The payload's shape: 1. */
  version: 1;
  text: string;
  rollout: { id: string; flag: string; stable: string; canary: string; status: string; attempt: number };
  transition: TransitionEntry;
  /** The rollout's report, when the controller was given a `reportUrl`. */
  reportUrl?: string;
  /**
   * The audit-log entry of the write that caused the transition, when that write was audited (an
   * operator's command is; a controller's own decision is not).
   */
  audit?: NotificationAudit;
}

/** The audit-log entry a notification points to. */
export interface NotificationAudit {
  /** The entry's id in the audit log. */
  id: string;
  /** Who made the change (`--by`, `cli:<user>`, `controller`). */
  actor: string;
}

export interface PayloadContext {
  /** Base URL of rollout reports; the rollout's id is appended as a path segment. */
  reportUrl?: string | undefined;
  audit?: NotificationAudit | undefined;
}

/** The link to a rollout's report under `base` (`https://ci.example.com/reports` + `/checkout-v2`). */
export function reportLink(base: string, rolloutId: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(rolloutId)}`;
}

export function notificationPayload(
  entry: TransitionEntry,
  state: RolloutState,
  context: PayloadContext = {},
): NotificationPayload {
  const payload: NotificationPayload = {
    version: 1,
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
  if (context.reportUrl !== undefined) payload.reportUrl = reportLink(context.reportUrl, state.id);
  // The weight write a transition asked for stamps its audit entry on it (markApplied); the one who
  // asked for the transition (`by`) is who made the change.
  const audit =
    context.audit ?? (entry.auditId === undefined ? undefined : { id: entry.auditId, actor: entry.by });
  if (audit !== undefined) payload.audit = audit;
  return payload;
}
