import { fileURLToPath } from 'node:url';
import { MemoryStore } from '@rampkit/core';
import {
  createRolloutController,
  type PlanInput,
  type RolloutController,
  type VerdictEntry,
} from '@rampkit/rollout';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  prometheusMissing,
  type RunningApp,
  type RunningPrometheus,
  startApp,
  startPrometheus,
} from './support/prometheus-server.js';

/**
 * Issue #23's "done when": a real Prometheus scrapes a real app exporting Rampkit's series under
 * load (examples/prometheus-canary), and a controller whose judge reads those series through PromQL
 * promotes a healthy canary, rolls back a broken one, and holds one whose series are missing.
 * CI sets RAMPKIT_REQUIRE_PROMETHEUS=1: without a Prometheus to run, this fails instead of skipping.
 */
const missing = prometheusMissing();
const required = process.env.RAMPKIT_REQUIRE_PROMETHEUS === '1';
const APP = fileURLToPath(new URL('../../examples/prometheus-canary/app.mjs', import.meta.url));

// The same PromQL as the example's flags.mjs and docs/operating-rollouts.md.
const QUERIES = {
  requests: 'sum(increase(rampkit_requests_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
  errors:
    'sum(increase(rampkit_request_errors_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}])) or sum(increase(rampkit_requests_total{flag="{{flag}}",variation="{{arm}}"}[{{window}}])) * 0',
  latencyBuckets:
    'sum by (le) (increase(rampkit_request_duration_seconds_bucket{flag="{{flag}}",variation="{{arm}}"}[{{window}}]))',
};
const FLAGS = ['checkout-healthy', 'checkout-broken', 'checkout-silent'];

function plan(flag: string, prometheusUrl: string): PlanInput {
  return {
    id: flag,
    flag,
    strategy: 'canary',
    steps: [{ weight: 50, hold: '2s' }],
    analysis: {
      interval: '2s',
      staleAfter: '4s',
      minRequests: 100,
      // Checked on the latest interval: the source's lag must not leave it empty.
      maxErrorRate: 0.2,
      compareLatency: { minRequests: 100 },
      noData: { deadline: '10m' },
      source: {
        prometheus: { url: prometheusUrl, queries: QUERIES, window: '2s', lag: '3s', timeout: '5s' },
      },
    },
  };
}

/** The controller's own flags: it writes the split there; the app splits by its own (examples/prometheus-canary). */
function controllerFlags() {
  return {
    flags: FLAGS.map((key) => ({
      key,
      kind: 'canary' as const,
      variations: { stable: 'v1', canary: 'v2' },
      offVariation: 'stable',
      fallthrough: { variation: 'stable' },
    })),
  };
}

describe.skipIf(missing !== null && !required)('a rollout judged through a real Prometheus', () => {
  let prometheus: RunningPrometheus | undefined;
  let app: RunningApp | undefined;
  let controller: RolloutController | undefined;

  beforeAll(async () => {
    if (missing !== null)
      throw new Error(`RAMPKIT_REQUIRE_PROMETHEUS=1 but Prometheus cannot run: ${missing}`);
    app = await startApp(APP, { LOAD_RPS: '450' });
    prometheus = await startPrometheus([`127.0.0.1:${app.port}`]);
  }, 30_000);

  afterAll(async () => {
    await controller?.close();
    await app?.stop();
    await prometheus?.stop();
  });

  it('promotes the healthy canary, rolls back the broken one, and holds the one without series', async () => {
    const url = prometheus?.url ?? '';
    const store = new MemoryStore({ config: controllerFlags() });
    controller = createRolloutController({ store, pollInterval: '500ms', instanceId: 'prometheus-test' });
    const verdicts = new Map<string, VerdictEntry[]>(FLAGS.map((flag) => [flag, []]));
    controller.on('verdict', (entry) => verdicts.get(entry.rolloutId)?.push(entry));
    const errors: string[] = [];
    controller.on('error', (error, id) => errors.push(`${id}: ${error.message}`));
    for (const flag of FLAGS) await controller.start(plan(flag, url));

    const ended = async (id: string) => (await controller?.status(id))?.status !== 'progressing';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !((await ended('checkout-healthy')) && (await ended('checkout-broken'))))
      await new Promise((resolve) => setTimeout(resolve, 250));
    // The silent canary has been judged at least as long as the healthy one needed to be promoted.
    await new Promise((resolve) => setTimeout(resolve, 4000));

    const describe_ = (id: string) =>
      (verdicts.get(id) ?? []).map(
        (v) => `${v.verdict.status}: ${v.verdict.checks.map((c) => c.detail).join(' | ')}`,
      );
    if (process.env.DEBUG_PROM) for (const f of FLAGS) console.log(f, describe_(f).join('\n'));
    const healthy = await controller.status('checkout-healthy');
    const broken = await controller.status('checkout-broken');
    const silent = await controller.status('checkout-silent');
    expect(healthy.status, describe_('checkout-healthy').join('\n')).toBe('promoted');
    expect(broken.status, describe_('checkout-broken').join('\n')).toBe('rolledBack');
    expect(broken.reason).toMatch(/error rate/);
    expect(silent).toMatchObject({ status: 'progressing', weight: 50 });
    const silentVerdicts = verdicts.get('checkout-silent') ?? [];
    expect(silentVerdicts.length).toBeGreaterThan(0);
    expect(silentVerdicts.every((v) => v.verdict.status === 'inconclusive')).toBe(true);
    // The healthy canary passed on data read through PromQL: both arms had requests at the step.
    const passed = (verdicts.get('checkout-healthy') ?? []).find((v) => v.verdict.status === 'pass');
    expect(passed?.verdict.stepArms?.canary.requests).toBeGreaterThanOrEqual(100);
    expect(passed?.verdict.stepArms?.stable.requests).toBeGreaterThanOrEqual(100);
    // The absolute limit was judged on the latest interval, not skipped for want of windows.
    expect(passed?.verdict.checks.find((check) => check.name === 'errorRate')?.status).toBe('pass');
    expect(errors).toEqual([]);
  }, 90_000);
});
