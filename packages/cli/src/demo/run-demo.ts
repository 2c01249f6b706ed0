import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createClient } from '@rampkit/core';
import { createRolloutController, type RolloutStatus, validatePlan } from '@rampkit/rollout';
import { count, duration, paint } from '../format/format.js';
import { describeSteps } from '../format/plan.js';
import type { Output } from '../program/output.js';
import { ProgressView } from '../progress/view.js';
import { type WatchResult, watchRollout } from '../progress/watch.js';
import type { ExperimentReportData } from '../report/experiment-html.js';
import { renderReportHtml } from '../report/html-report.js';
import { buildReport, type ReportData } from '../report/report-data.js';
import { startDemoApp } from './demo-app.js';
import { serveUntilStopped, startDemoDashboard } from './demo-dashboard.js';
import { openDemoStore } from './demo-store.js';
import { runExperimentAct } from './experiment-act.js';
import { DEMO_EXPERIMENTS, experimentFlag } from './experiments.js';
import { seededRandom } from './random.js';
import { scaledClock } from './scaled-clock.js';
import { DEMO_SERVICES, type DemoService, demoFlags } from './scenario.js';
import { TrafficGenerator } from './traffic.js';

export interface DemoOptions {
  out: Output;
  /** Simulated seconds per real second. @default 10 (about a minute in all) */
  timeScale?: number;
  /** Requests per second sent to the app. @default 400 */
  rps?: number;
  /** Distinct users sending them. @default 5000 */
  users?: number;
  /** Run against this Redis instead of memory. */
  redisUrl?: string;
  /** Where the HTML report goes. @default 'rampkit-demo-report.html' in the working directory */
  reportPath?: string;
  /** Stops the demo (Ctrl-C). */
  signal?: AbortSignal;
  /** Longest real time the demo may take before it gives up, in milliseconds. @default 180_000 */
  maxWallMs?: number;
  /** Distinct visitors of each experiment's page in the third act. @default 4000 */
  experimentVisitors?: number;
  /** Serve the dashboard on the demo's store, and keep it up after the story until `signal`. @default false */
  dashboard?: boolean;
}

/** How one experiment of the third act ended. */
export interface DemoExperimentOutcome {
  key: string;
  /** `ship`, `keepControl`, `keepGoing` or `withheld`. */
  action: string;
  arm?: string;
  reason: string;
  units: number;
  srmFlagged: boolean;
}

export interface DemoResult {
  /**
   * True when the healthy canary was promoted, the broken one rolled back, the pricing experiment
   * shipped its winner and the search banner's verdict was withheld.
   */
  ok: boolean;
  rollouts: RolloutStatus[];
  experiments: DemoExperimentOutcome[];
  reportPath: string;
  requests: number;
  users: number;
  wallMs: number;
}

/**
 * The whole story in one process: an Express app with Rampkit middleware on 127.0.0.1, traffic from
 * many users, and a controller that ramps a healthy canary 5 → 25 → 50 → 100 and then rolls a
 * broken one back on its own; then two A/B tests on the same app, one with a real winner and a
 * guardrail held, one whose split is changed halfway (the sample-ratio check withholds its verdict).
 * Live progress, a summary and an HTML report.
 * @throws StoreUnavailableError when `redisUrl` does not answer
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { out } = options;
  const scale = options.timeScale ?? 10;
  const rps = options.rps ?? 400;
  const users = options.users ?? 5000;
  const maxWallMs = options.maxWallMs ?? 180_000;
  const reportPath = resolve(out.io.cwd, options.reportPath ?? 'rampkit-demo-report.html');
  const clock = scaledClock(scale);
  const random = seededRandom(20_240_601);
  const wallStart = Date.now();

  const demoStore = await openDemoStore(options.redisUrl, clock.now);
  const { store } = demoStore;
  const dashboard = options.dashboard === true ? await startDemoDashboard(store, clock.now, out) : undefined;
  if (dashboard !== undefined)
    out.line(`Dashboard: ${dashboard.url}  (open it now: the rollouts appear there as they start)`);
  const current = await store.loadConfig();
  await store.writeConfig(
    { flags: [...demoFlags().flags, ...DEMO_EXPERIMENTS.map((experiment) => experimentFlag(experiment))] },
    { expectedVersion: current?.version ?? 0 },
  );
  const client = createClient({
    store,
    // Exposures from the first request on, not from the first track() call.
    experimentData: store,
    now: clock.now,
    metricsWindowMs: 5000,
    flushIntervalMs: 200,
    instanceId: 'demo-app',
  });
  client.on('error', (error) => out.error(`warning: ${error.message}`));
  const controller = createRolloutController({
    store,
    now: clock.now,
    scheduler: clock.scheduler,
    pollInterval: '5s',
    instanceId: 'demo-controller',
  });
  controller.on('error', (error, id) => out.error(`warning: rollout ${id}: ${error.message}`));
  let active: DemoService = DEMO_SERVICES[0] as DemoService;
  let app: Awaited<ReturnType<typeof startDemoApp>> | undefined;
  let traffic: TrafficGenerator | undefined;
  const rollouts: RolloutStatus[] = [];
  const reports: ReportData[] = [];
  const experimentReports: ExperimentReportData[] = [];
  const acts = DEMO_SERVICES.length + 1;
  let told = false;
  try {
    await client.ready({ timeoutMs: 10_000 });
    app = await startDemoApp(client, DEMO_SERVICES, random, DEMO_EXPERIMENTS);
    // 90% of the traffic goes to the service being rolled out, the rest to the other.
    const paths = DEMO_SERVICES.map((service) => service.path);
    traffic = new TrafficGenerator({
      port: app.port,
      rps,
      users,
      random,
      path: () => (random() < 0.9 ? active.path : (paths[Math.floor(random() * paths.length)] as string)),
    });
    traffic.start();
    intro(out, app.url, demoStore.label, rps, users, scale);

    for (const [index, service] of DEMO_SERVICES.entries()) {
      active = service;
      const plan = validatePlan(service.plan);
      out.line('');
      out.line(paint(`── ${index + 1}/${acts}  ${service.plan.id}: ${service.story}`, 'bold', out.color));
      out.line(`   plan: ${describeSteps(plan)}, analysis every ${duration(plan.analysis.intervalMs)}`);
      out.line('');
      const started = await controller.start(service.plan, { by: 'demo' });
      const remaining = maxWallMs - (Date.now() - wallStart);
      const result: WatchResult = await watchRollout({
        id: started.id,
        status: (id) => controller.status(id),
        history: (id) => controller.history(id),
        metrics: store,
        view: new ProgressView(out, { heartbeatMs: 5000 }),
        now: clock.now,
        refreshMs: out.isTTY ? 200 : 500,
        timeoutMs: Math.max(remaining, 1),
        untilPaused: true,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      let final = result.status;
      if (result.outcome === 'paused') {
        out.line(`${started.id} paused: ${final.reason}`);
      } else if (result.outcome !== 'ended') {
        const why =
          result.outcome === 'timeout' ? `the demo ran out of time (${duration(maxWallMs)})` : 'interrupted';
        final = await controller.abort(started.id, { by: 'demo', reason: why });
        out.line(`${started.id} aborted: ${why}`);
      }
      rollouts.push(final);
      await client.flush();
      reports.push(
        await buildReport({
          status: final,
          history: await controller.history(final.id),
          metrics: store,
          now: clock.now(),
        }),
      );
      if (result.outcome !== 'ended') break;
    }
    if (rollouts.length === DEMO_SERVICES.length && options.signal?.aborted !== true) {
      // The rollouts' traffic stops: the experiments' visitors are new users, one visit each.
      await traffic.stop();
      out.line('');
      out.line(
        paint(
          `── ${acts}/${acts}  experiments: A/B tests on the same app, read by the stats engine`,
          'bold',
          out.color,
        ),
      );
      out.line('');
      experimentReports.push(
        ...(await runExperimentAct({
          out,
          store,
          client,
          port: app.port,
          source: demoStore.source,
          experiments: DEMO_EXPERIMENTS,
          visitors: options.experimentVisitors ?? 4000,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })),
      );
    }
    told = true;
  } finally {
    await traffic?.stop();
    await controller.close();
    await app?.close();
    await client.close();
    // With a dashboard, the store outlives the story: it is closed once the dashboard is.
    if (dashboard === undefined || !told) {
      await dashboard?.close();
      await demoStore.close();
    }
  }

  await writeFile(
    reportPath,
    renderReportHtml(reports, {
      title: 'Rampkit demo: two canary rollouts and two experiments',
      experiments: experimentReports,
    }),
    'utf8',
  );
  const stats = traffic?.stats ?? { sent: 0, users: 0 };
  const experiments = experimentReports.map(({ result }) => ({
    key: result.experiment,
    action: result.decision.action,
    ...(result.decision.arm === undefined ? {} : { arm: result.decision.arm }),
    reason: result.decision.reason,
    units: result.units,
    srmFlagged: result.srm.flagged,
  }));
  const ok =
    rollouts.length === DEMO_SERVICES.length &&
    rollouts[0]?.status === 'promoted' &&
    rollouts[1]?.status === 'rolledBack' &&
    experiments[0]?.action === 'ship' &&
    experiments[0]?.arm === DEMO_EXPERIMENTS[0]?.treatment &&
    experiments[1]?.action === 'withheld';
  const result: DemoResult = {
    ok,
    rollouts,
    experiments,
    reportPath,
    requests: stats.sent,
    users: stats.users,
    wallMs: Date.now() - wallStart,
  };
  summary(out, result, scale);
  if (dashboard !== undefined) {
    await serveUntilStopped(dashboard, out, options.signal);
    await demoStore.close();
  }
  return result;
}

function intro(
  out: Output,
  url: string,
  storeLabel: string,
  rps: number,
  users: number,
  scale: number,
): void {
  out.line(paint('Rampkit demo', 'bold', out.color));
  out.line(`  app      ${url}  Express with @rampkit/express: GET /checkout and GET /recommendations,`);
  out.line('           each served by v1 (stable) or v2 (canary) as its flag decides per user;');
  out.line('           GET /pricing and GET /search, two A/B tests that track purchases and searches');
  out.line(`  store    ${storeLabel}`);
  out.line(`  traffic  ${count(rps)} requests/s from ${count(users)} distinct users`);
  out.line(
    `  time     ×${scale}: a 2-minute hold takes ${duration((120_000 / scale) * 1)} of your time; times below are simulated`,
  );
}

function summary(out: Output, result: DemoResult, scale: number): void {
  out.line('');
  out.line(paint('Summary', 'bold', out.color));
  for (const status of result.rollouts) {
    const simulated = (status.finishedAt ?? status.updatedAt) - status.createdAt;
    const color = status.status === 'promoted' ? 'green' : 'red';
    const outcome = paint(status.status === 'rolledBack' ? 'rolled back' : status.status, color, out.color);
    out.line(
      `  ${status.id.padEnd(20)} ${outcome} after ${duration(simulated)} (${duration(simulated / scale)} real)`,
    );
    out.line(`  ${''.padEnd(20)} ${status.reason}`);
  }
  for (const experiment of result.experiments) {
    const action =
      experiment.action === 'keepControl'
        ? 'keep control'
        : experiment.action === 'keepGoing'
          ? 'keep going'
          : experiment.action;
    const color = experiment.action === 'ship' ? 'green' : experiment.action === 'withheld' ? 'red' : 'bold';
    out.line(
      `  ${experiment.key.padEnd(20)} ${paint(`${action}${experiment.arm === undefined ? '' : ` ${experiment.arm}`}`, color, out.color)} after ${count(experiment.units)} visitors`,
    );
    out.line(`  ${''.padEnd(20)} ${experiment.reason}`);
  }
  out.line(
    `  traffic  ${count(result.requests)} requests from ${count(result.users)} distinct users in ${duration(result.wallMs)}`,
  );
  out.line('');
  out.line(`Report: ${result.reportPath}`);
  if (!result.ok)
    out.line(paint('The demo did not end as it should: see the messages above.', 'red', out.color));
}
