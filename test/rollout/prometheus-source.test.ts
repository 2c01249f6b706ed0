import { readFileSync } from 'node:fs';
import {
  isInvalidPlanError,
  isMetricsSourceError,
  type PlanInput,
  parsePlan,
  validatePlan,
} from '@rampkit/rollout';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse, http, setupServer } from './support/deps.js';
import { canaryPlan, MINUTE, World } from './support/world.js';

/**
 * A controller whose plan names a Prometheus source reads the arms through PromQL range queries
 * (answered here by msw, from the world's fake clock): it judges them as it judges the store's
 * windows, and a failing Prometheus is no data, never a pass.
 */
const PROMETHEUS = 'http://prometheus.test:9090';
const ID = 'checkout-v2';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function plan(): PlanInput {
  return canaryPlan({
    steps: [{ weight: 50, hold: '2m' }, { weight: 100 }],
    analysis: {
      interval: '1m',
      minRequests: 100,
      compareLatency: { enabled: false },
      noData: { deadline: '4m' },
      source: {
        prometheus: {
          url: PROMETHEUS,
          window: '10s',
          lag: '20s',
          queries: {
            requests: 'sum(increase(requests_total{track="{{arm}}"}[{{window}}]))',
            errors: 'sum(increase(errors_total{track="{{arm}}"}[{{window}}]))',
          },
        },
      },
    },
  });
}

/** A Prometheus whose every window holds 60 requests per arm with the given error counts. */
function prometheusServing(world: World, errors: { v1: number; v2: number }, asked: number[] = []) {
  server.use(
    http.post(`${PROMETHEUS}/api/v1/query_range`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const [start, end, step] = ['start', 'end', 'step'].map((key) => Number(form.get(key)) * 1000);
      asked.push(world.clock.now() - (end ?? 0));
      const query = form.get('query') ?? '';
      const arm = /track="(v1|v2)"/.exec(query)?.[1] as 'v1' | 'v2';
      const value = query.startsWith('sum(increase(errors') ? errors[arm] : 60;
      const values: [number, string][] = [];
      for (let t = start ?? 0; t <= (end ?? 0); t += step ?? 10_000) values.push([t / 1000, String(value)]);
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: {}, values }] },
      });
    }),
  );
  return asked;
}

async function run(world: World, minutes: number) {
  const controller = world.controller();
  await controller.start(plan());
  await controller.tick();
  for (let minute = 0; minute < minutes && (await controller.status(ID)).status === 'progressing'; minute++) {
    await world.clock.advance(MINUTE);
    await controller.tick();
  }
  return controller;
}

describe('a plan with a Prometheus source is judged on PromQL windows', () => {
  it('promotes a healthy canary, never reading a window that ends within the lag', async () => {
    const world = new World();
    const asked = prometheusServing(world, { v1: 1, v2: 1 });
    const controller = await run(world, 10);
    expect((await controller.status(ID)).status).toBe('promoted');
    expect(await world.canaryWeight()).toBe(100);
    expect(Math.min(...asked)).toBeGreaterThanOrEqual(20_000);
    expect(world.errors).toEqual([]);
  });

  it('rolls back a canary failing a third of its requests', async () => {
    const world = new World();
    prometheusServing(world, { v1: 1, v2: 20 });
    const controller = await run(world, 10);
    const status = await controller.status(ID);
    expect(status.status).toBe('rolledBack');
    expect(await world.canaryWeight()).toBe(0);
  });
});

describe('a failing Prometheus is no data: inconclusive, then the no-data deadline', () => {
  it('reports each failure, never passes, and pauses at the deadline', async () => {
    const world = new World();
    server.use(
      http.post(`${PROMETHEUS}/api/v1/query_range`, () =>
        HttpResponse.json(
          { status: 'error', errorType: 'execution', error: 'query processing would load too many samples' },
          { status: 422 },
        ),
      ),
    );
    const controller = await run(world, 8);
    const status = await controller.status(ID);
    expect(status.status).toBe('paused');
    expect(status.weight).toBe(50);
    const history = await controller.history(ID);
    const verdicts = history.filter((entry) => entry.kind === 'verdict');
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((v) => v.kind === 'verdict' && v.verdict.status === 'inconclusive')).toBe(true);
    expect(world.errors.length).toBeGreaterThan(0);
    for (const error of world.errors) {
      expect(isMetricsSourceError(error)).toBe(true);
      expect(error.message).toContain('too many samples');
    }
  });
});

describe('plans name a Prometheus source, validated with paths', () => {
  it("docs/operating-rollouts.md's example plan is valid as written", () => {
    const page = readFileSync(new URL('../../docs/operating-rollouts.md', import.meta.url), 'utf8');
    const section = page.slice(page.indexOf('### Metrics from Prometheus'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const validated = validatePlan(parsePlan(yaml, 'yaml'));
    expect(validated.analysis.source?.prometheus).toMatchObject({
      url: 'http://prometheus.monitoring:9090',
      windowMs: 10_000,
      lagMs: 30_000,
      bearerTokenEnv: 'PROMETHEUS_TOKEN',
    });
    expect(validated.analysis.source?.prometheus.queries.errors).toContain(' or ');
  });

  it('refuses a bad source naming each field', () => {
    const bad = canaryPlan({
      analysis: {
        source: {
          prometheus: {
            url: 'prometheus:9090',
            queries: { requests: 'sum(x{v="{{variant}}"})' },
            lag: -1,
            extra: true,
          },
        },
      },
    } as unknown as Partial<PlanInput>);
    let caught: unknown;
    try {
      validatePlan(bad);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidPlanError(caught)).toBe(true);
    const paths = (caught as { issues: { path: string }[] }).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'analysis.source.prometheus.url',
        'analysis.source.prometheus.queries.requests',
        'analysis.source.prometheus.queries.errors',
        'analysis.source.prometheus.lag',
        'analysis.source.prometheus.extra',
      ]),
    );
  });
});
