import { errorMessage } from '@rampkit/core/internal';
import type { HealthCheckFunction, HealthCheckSpec, WebhookSpec } from '../plan/types.js';
import type { GateResult, RolloutState } from '../state/types.js';
import { type Fetch, request, requestWithRetries } from './http.js';

export interface GateDependencies {
  fetch: Fetch;
  sleep: (ms: number) => Promise<void>;
  /** Health-check functions by name. */
  healthChecks: ReadonlyMap<string, HealthCheckFunction>;
  now: () => number;
}

/** The body POSTed to webhook gates: enough for a gate to decide (and to log). */
export interface WebhookGatePayload {
  rolloutId: string;
  flag: string;
  stable: string;
  canary: string;
  attempt: number;
  /** 1-based number of the step about to start. */
  step: number;
  fromWeight: number;
  toWeight: number;
  at: string;
}

/** Evaluates every health check and webhook gate before entering step `target`; never throws. */
export async function runGates(
  state: RolloutState,
  target: number,
  deps: GateDependencies,
): Promise<GateResult[]> {
  const { plan } = state;
  const payload: WebhookGatePayload = {
    rolloutId: state.id,
    flag: plan.flag,
    stable: plan.stable,
    canary: plan.canary,
    attempt: state.attempt,
    step: target + 1,
    fromWeight: state.weight,
    toWeight: plan.steps[target]?.weight ?? state.weight,
    at: new Date(deps.now()).toISOString(),
  };
  return Promise.all([
    ...plan.gates.healthChecks.map((check) => healthCheck(check, deps)),
    ...plan.gates.webhooks.map((webhook) => webhookGate(webhook, payload, deps)),
  ]);
}

async function healthCheck(check: HealthCheckSpec, deps: GateDependencies): Promise<GateResult> {
  if (check.kind === 'http') {
    const outcome = await request(deps.fetch, check.url, {
      method: check.method,
      timeoutMs: check.timeoutMs,
    });
    return { kind: 'health', name: check.name, passed: outcome.ok, detail: outcome.detail, attempts: 1 };
  }
  const fn = deps.healthChecks.get(check.name);
  if (fn === undefined) {
    return {
      kind: 'health',
      name: check.name,
      passed: false,
      detail: 'no function registered under this name on this controller (healthChecks option)',
      attempts: 1,
    };
  }
  try {
    const passed = (await fn()) === true;
    return {
      kind: 'health',
      name: check.name,
      passed,
      detail: passed ? 'returned true' : 'returned false',
      attempts: 1,
    };
  } catch (error) {
    return {
      kind: 'health',
      name: check.name,
      passed: false,
      detail: `threw: ${errorMessage(error)}`,
      attempts: 1,
    };
  }
}

async function webhookGate(
  webhook: WebhookSpec,
  payload: WebhookGatePayload,
  deps: GateDependencies,
): Promise<GateResult> {
  const outcome = await requestWithRetries(
    deps.fetch,
    webhook.url,
    { method: 'POST', timeoutMs: webhook.timeoutMs, headers: webhook.headers, body: payload },
    { retries: webhook.retries, backoffMs: webhook.backoffMs, sleep: deps.sleep },
  );
  const tries = `${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}`;
  return {
    kind: 'webhook',
    name: webhook.name,
    passed: outcome.ok,
    detail: `${outcome.detail} after ${tries}`,
    attempts: outcome.attempts,
  };
}
