import { type ArmMetrics, LatencyHistogram } from '@rampkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../plan/validate.js';
import { applyCommand, type Command } from './commands.js';
import { decide, type Observation } from './decide.js';
import { createState, markApplied } from './lifecycle.js';
import { needs } from './needs.js';
import type { RolloutState } from './types.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');
const MINUTE = 60_000;

const plan = validatePlan({
  id: 'r',
  flag: 'f',
  strategy: 'canary',
  steps: [{ weight: 5, hold: '2m' }, { weight: 25, hold: '2m', approval: true }, { weight: 50 }],
  // Not critical, so that the consecutive-failure count is what these decisions exercise.
  analysis: { interval: '1m', minRequests: 50, compareLatency: { enabled: false }, critical: [] },
});

function arm(variation: string, requests: number, errors: number): ArmMetrics {
  const latency = new LatencyHistogram();
  for (let i = 0; i < Math.min(requests, 50); i++) latency.record(20 + i);
  return {
    variation,
    requests,
    errors,
    aborted: 0,
    errorRate: requests > 0 ? errors / requests : 0,
    latency: latency.toData(),
    p50: latency.quantile(0.5),
    p90: latency.quantile(0.9),
    p95: latency.quantile(0.95),
    p99: latency.quantile(0.99),
  };
}

function metrics(
  state: RolloutState,
  now: number,
  canaryErrors: number,
): NonNullable<Observation['metrics']> {
  const stable = arm('stable', 2000, 20);
  const canary = arm('canary', 200, canaryErrors);
  const totals = (a: ArmMetrics) => ({
    requests: a.requests,
    errors: a.errors,
    aborted: 0,
    latency: a.latency,
  });
  return {
    cumulative: { stable, canary },
    step: { stable, canary },
    interval: { stable, canary },
    freshness: { stable: now, canary: now, staleAfterMs: 60_000 },
    strata: [{ from: now - 20_000, to: now - 10_000, stable: totals(stable), canary: totals(canary) }],
    window: { from: state.analysis.since ?? now, to: now },
  };
}

/** Applies whatever weight the decision asked for, as the runner does. */
function settle(state: RolloutState, now: number): RolloutState {
  return state.appliedWeight === state.weight ? state : markApplied(state, state.weight, now).state;
}

function started(): RolloutState {
  const entering = createState(plan, 'r', T0, { weight: 0, by: 'test', forced: false });
  return settle(decide(entering, {}, T0).state, T0);
}

describe('decide is a pure function of (state, observation, now)', () => {
  it('never changes its input and gives the same answer twice', () => {
    const state = started();
    const frozen = structuredClone(state);
    const now = T0 + MINUTE;
    const observation = { metrics: metrics(state, now, 2) };
    const first = decide(state, observation, now);
    const second = decide(state, observation, now);
    expect(state).toEqual(frozen);
    expect(second).toEqual(first);
    expect(first.changed).toBe(true);
  });

  it('decides nothing while the split it asked for is not yet written', () => {
    const entering = createState(plan, 'r', T0, { weight: 0, by: 'test', forced: false });
    const moving = decide(entering, {}, T0);
    expect(moving.actions[0]).toEqual({ type: 'setWeight', weight: 5 });
    expect(decide(moving.state, {}, T0 + 10 * MINUTE)).toMatchObject({ changed: false, actions: [] });
    expect(settle(moving.state, T0 + MINUTE).step).toMatchObject({
      enteredAt: T0 + MINUTE,
      holdUntil: T0 + 3 * MINUTE,
    });
  });

  it('asks for metrics once per interval and for gates only before a weight increase', () => {
    const state = started();
    expect(needs(state, T0 + 59_999)).toEqual({});
    expect(needs(state, T0 + MINUTE).metrics).toEqual({
      stable: 'stable',
      canary: 'canary',
      since: T0,
      stepSince: T0,
      intervalFrom: T0,
      now: T0 + MINUTE,
      through: T0,
      staleAfterMs: MINUTE,
    });
    const judged = decide(state, { metrics: metrics(state, T0 + MINUTE, 2) }, T0 + MINUTE).state;
    expect(judged.analysis.nextAt).toBe(T0 + 2 * MINUTE);
    expect(needs(judged, T0 + MINUTE + 1)).toEqual({});
  });

  it('rolls back in the decision whose verdict reaches the failure limit', () => {
    let state = started();
    for (let minute = 1; minute <= 3; minute++) {
      const now = T0 + minute * MINUTE;
      const decision = decide(state, { metrics: metrics(state, now, 60) }, now);
      state = decision.state;
      expect(state.status).toBe(minute < 3 ? 'progressing' : 'rolledBack');
      if (minute === 3) expect(decision.actions[0]).toEqual({ type: 'setWeight', weight: 0 });
    }
    expect(state.analysis.consecutiveFailures).toBe(3);
  });
});

describe('ramps are monotone: whatever happens, the canary weight only goes up until the rollout ends', () => {
  const commands: Command[] = [
    { type: 'pause' },
    { type: 'resume' },
    { type: 'promote' },
    { type: 'skipStep' },
    { type: 'approve' },
    { type: 'promoteFull' },
  ];
  const event = fc.oneof(
    fc.record({
      kind: fc.constant('tick' as const),
      ms: fc.integer({ min: 0, max: 3 * MINUTE }),
      errors: fc.integer({ min: 0, max: 80 }),
    }),
    fc.record({ kind: fc.constant('command' as const), command: fc.constantFrom(...commands) }),
  );

  it('holds for random sequences of ticks, verdicts and commands', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let state = started();
        let now = T0;
        let seq = state.historySeq;
        for (const next of events) {
          const before = state;
          if (next.kind === 'tick') {
            now += next.ms;
            const wanted = needs(state, now);
            state = decide(
              state,
              wanted.metrics ? { metrics: metrics(state, now, next.errors) } : {},
              now,
            ).state;
          } else {
            try {
              state = applyCommand(state, next.command, now).state;
            } catch {
              // Refused commands change nothing, which is all this property needs.
            }
          }
          state = settle(state, now);
          const ended = state.status === 'rolledBack' || state.status === 'aborted';
          if (!ended) {
            expect(state.weight).toBeGreaterThanOrEqual(before.weight);
            expect(state.stepIndex).toBeGreaterThanOrEqual(before.stepIndex);
          } else expect(state.weight).toBe(0);
          expect(state.outbox.map((entry) => entry.seq)).toEqual(state.outbox.map((_, i) => i + 1));
          expect(state.historySeq).toBeGreaterThanOrEqual(seq);
          seq = state.historySeq;
        }
      }),
      { numRuns: 200 },
    );
  });
});
