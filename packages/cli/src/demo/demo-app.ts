import type { AddressInfo } from 'node:net';
import { murmur3, type RampkitClient } from '@rampkit/core';
import { canary, rampkit } from '@rampkit/express';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { type DemoExperiment, PAGE_LOAD_METRIC } from './experiments.js';
import type { ArmBehaviour, DemoService } from './scenario.js';

export interface DemoApp {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * The demo's application: an Express app with Rampkit middleware, whose routes send each request
 * to v1 or v2 of a service as the service's canary flag decides for that user. The middleware
 * records every outcome per arm; the controller reads them.
 */
export async function startDemoApp(
  client: RampkitClient,
  services: readonly DemoService[],
  random: () => number,
  experiments: readonly DemoExperiment[] = [],
): Promise<DemoApp> {
  const app = express();
  app.disable('x-powered-by');
  // Users are named by the x-user-id header (the middleware's default); no cookie is needed.
  const middleware = rampkit(client, { cookie: false });
  app.use(middleware);
  for (const service of services) {
    app.get(
      service.path,
      canary(service.flag, {
        stable: versionHandler('v1', service.stable, random),
        canary: versionHandler('v2', service.canary, random),
      }),
    );
  }
  for (const experiment of experiments) app.get(experiment.path, experimentHandler(experiment));
  app.use(middleware.errorHandler);
  const answer: ErrorRequestHandler = (_error, _req, res, _next) => {
    res.status(500).json({ error: 'internal error' });
  };
  app.use(answer);

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  server.keepAliveTimeout = 10_000;
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        middleware.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function versionHandler(version: string, behaviour: ArmBehaviour, random: () => number): RequestHandler {
  const [min, max] = behaviour.latencyMs;
  return (_req, res) => {
    const latency = min + (max - min) * random();
    const failed = random() < behaviour.errorRate;
    setTimeout(() => {
      if (failed) res.status(503).json({ version, error: 'upstream failed' });
      else res.json({ version });
    }, latency);
  };
}

/**
 * An experiment's page: the flag picks the arm per visitor (the exposure), and the visitor converts
 * with its arm's rate (tracked as the goal) and loads the page in 120–200 ms in either arm (tracked
 * as the guardrail). Both are drawn from the visitor's id, so a run's outcome does not depend on the
 * order requests arrive in.
 */
function experimentHandler(experiment: DemoExperiment): RequestHandler {
  return (req, res) => {
    const arm = req.flags.variation(experiment.flag, experiment.control);
    const visitor = req.get('x-user-id') ?? '';
    if (draw(`${experiment.flag}:${experiment.goal}:${visitor}`) < (experiment.conversion[arm] ?? 0))
      req.flags.track(experiment.goal);
    req.flags.track(PAGE_LOAD_METRIC, 120 + 80 * draw(`${experiment.flag}:load:${visitor}`));
    res.json({ arm });
  };
}

/** A uniform draw in [0, 1) fixed by `key`. */
function draw(key: string): number {
  return murmur3(key) / 2 ** 32;
}
