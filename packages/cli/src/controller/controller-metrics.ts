import { registerRolloutMetrics } from '@rampkit/prometheus';
import type { RolloutController } from '@rampkit/rollout';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** The standing controller's own series, beside the rollout gauges of @rampkit/prometheus. */
export const CONTROLLER_SERIES = {
  leases: 'rampkit_controller_leases',
  passes: 'rampkit_controller_passes_total',
  leaseChanges: 'rampkit_controller_lease_changes_total',
  errors: 'rampkit_controller_errors_total',
} as const;

/**
 * A registry for `/metrics`: every rollout's gauges (docs/monitoring.md), this controller's leases,
 * passes, lease hand-overs and errors, and the process's default metrics (memory, CPU, event loop).
 */
export function controllerRegistry(controller: RolloutController): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerRolloutMetrics({ registry, read: () => controller.list() });
  new Gauge({
    name: CONTROLLER_SERIES.leases,
    help: 'Rollouts this controller drives now (holds the lease of).',
    registers: [registry],
    collect() {
      this.set(controller.driving().length);
    },
  });
  const passes = new Counter({
    name: CONTROLLER_SERIES.passes,
    help: 'Passes over the store that ended.',
    registers: [registry],
  });
  const leaseChanges = new Counter({
    name: CONTROLLER_SERIES.leaseChanges,
    help: 'Leases this controller acquired, lost or released.',
    labelNames: ['change'],
    registers: [registry],
  });
  const errors = new Counter({
    name: CONTROLLER_SERIES.errors,
    help: 'Errors off the decision path: store failures, split writes, notifications, lost leases.',
    registers: [registry],
  });
  controller.on('pass', () => passes.inc());
  controller.on('lease', (change) => leaseChanges.inc({ change: change.change }));
  controller.on('error', () => errors.inc());
  return registry;
}
