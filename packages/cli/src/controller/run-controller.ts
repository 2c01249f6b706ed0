import type { Server } from 'node:http';
import { createRolloutController, type RolloutController, type RolloutStore } from '@rampkit/rollout';
import type { Registry } from 'prom-client';
import { CliError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { controllerRegistry } from './controller-metrics.js';
import { type JsonLog, jsonLog } from './json-log.js';
import { closeServer, listen, probeServer } from './probe-server.js';
import { Readiness } from './readiness.js';

export interface StandingControllerOptions {
  store: RolloutStore;
  /** Names this controller in leases, logs and `rollout status`. */
  id: string;
  /** Port of /healthz, /readyz and /metrics; 0 picks a free one (logged). */
  port: number;
  host: string;
  pollIntervalMs: number;
  leaseTtlMs: number;
  /** Base URL of rollout reports, linked from notifications. */
  reportUrl?: string | undefined;
  /** Aborted on SIGTERM or SIGINT: the controller shuts down gracefully. */
  signal: AbortSignal;
  /** Where log lines go (stdout). */
  write: (line: string) => void;
}

/**
 * Runs a standing controller until `signal` is aborted:
 * 1. serve the probes and metrics (before any lease is taken, so a port in use changes nothing);
 * 2. drive every live rollout in the store whose lease is free, one pass each poll interval, logging
 *    every lease change, transition and error as a JSON line;
 * 3. on abort, let the pass under way finish, hand every lease back (another replica takes over at
 *    once rather than after the lease's time), close the server and resolve.
 */
export async function runStandingController(options: StandingControllerOptions): Promise<void> {
  const log = jsonLog(options.write, { controller: options.id });
  // A pass takes at least a poll interval; three missed ones mean the loop or the store is stuck.
  const readiness = new Readiness(Math.max(3 * options.pollIntervalMs, 10_000));
  let registry: Registry | undefined;
  const server: Server = probeServer({
    readiness: () => readiness.report(),
    metrics: async () =>
      registry === undefined
        ? { contentType: 'text/plain; version=0.0.4; charset=utf-8', text: '' }
        : { contentType: registry.contentType, text: await registry.metrics() },
  });
  const port = await listen(server, options.port, options.host).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `controller: cannot serve probes on ${options.host}:${options.port}: ${error.code ?? error.message}`,
      EXIT.usage,
      'RAMPKIT_CONTROLLER_LISTEN',
    );
  });

  const controller = createRolloutController({
    store: options.store,
    instanceId: options.id,
    pollInterval: options.pollIntervalMs,
    leaseTtl: options.leaseTtlMs,
    ...(options.reportUrl === undefined ? {} : { reportUrl: options.reportUrl }),
  });
  logEvents(controller, log, readiness);
  registry = controllerRegistry(controller);
  log.info('controller started', {
    host: options.host,
    port,
    pollIntervalMs: options.pollIntervalMs,
    leaseTtlMs: options.leaseTtlMs,
  });

  await aborted(options.signal);
  log.info('shutting down: finishing the pass under way and handing leases back');
  await controller.close();
  await closeServer(server);
  log.info('controller stopped');
}

function logEvents(controller: RolloutController, log: JsonLog, readiness: Readiness): void {
  controller.on('pass', () => readiness.passed());
  controller.on('lease', ({ change, rolloutId, lease }) => {
    const fields = { rollout: rolloutId, token: lease.token, leaseExpiresAt: iso(lease.expiresAt) };
    if (change === 'lost') log.warn('lease lost: another controller may drive this rollout now', fields);
    else log.info(change === 'acquired' ? 'lease acquired: driving' : 'lease released', fields);
  });
  controller.on('transition', (entry) =>
    log.info(`rollout ${entry.type}`, {
      rollout: entry.rolloutId,
      status: entry.status,
      step: entry.stepIndex,
      weight: entry.weight,
      toWeight: entry.toWeight,
      reason: entry.reason,
      by: entry.by,
    }),
  );
  controller.on('error', (error, rolloutId) => {
    // A pass-wide error means the store did not answer the pass; one rollout's error does not.
    if (rolloutId === '') {
      readiness.storeFailed(error.message);
      log.error(`pass failed: ${error.message}`);
    } else log.warn(error.message, { rollout: rolloutId });
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
