import { describe, expect, it } from 'vitest';
import { validatePlan } from '../plan/validate.js';
import { createState } from '../state/lifecycle.js';
import type { TransitionEntry } from '../state/types.js';
import { notificationText } from './text.js';

describe('notification text reads as one line a channel can show', () => {
  it('names the rollout, the flag, what happened, the weights and why', () => {
    const plan = validatePlan({ flag: 'checkout', strategy: 'canary', steps: [{ weight: 10 }] });
    const state = createState(plan, 'checkout-1', 0, { weight: 0, by: 'ci', forced: false });
    const entry = state.outbox[0] as TransitionEntry;
    expect(notificationText(entry, state)).toBe(
      'Rollout checkout-1 of checkout started (canary 0%): started by ci: canary rollout of canary over stable on flag checkout, 2 steps',
    );
    expect(
      notificationText({ ...entry, type: 'rolledBack', weight: 10, toWeight: 0, reason: 'errors' }, state),
    ).toBe('Rollout checkout-1 of checkout ROLLED BACK (canary 10% → 0%): errors');
  });
});
