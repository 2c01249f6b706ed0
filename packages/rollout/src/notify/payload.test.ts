import { describe, expect, it } from 'vitest';
import { validatePlan } from '../plan/validate.js';
import { createState } from '../state/lifecycle.js';
import type { TransitionEntry } from '../state/types.js';
import { notificationPayload } from './payload.js';

describe('a notification points to the audit entry of the write its transition caused', () => {
  const plan = validatePlan({ flag: 'checkout', strategy: 'canary', steps: [{ weight: 10 }] });
  const state = createState(plan, 'checkout-1', 0, { weight: 0, by: 'ci', forced: false });
  const entry = state.outbox[0] as TransitionEntry;

  it('carries the entry id and who asked, once the weight write stamped it', () => {
    const payload = notificationPayload(
      { ...entry, type: 'rolledBack', by: 'alice', auditId: 'a-42' },
      state,
    );
    expect(payload.audit).toEqual({ id: 'a-42', actor: 'alice' });
  });

  it('has no audit field when the write kept no audit log', () => {
    expect(notificationPayload(entry, state).audit).toBeUndefined();
  });
});
