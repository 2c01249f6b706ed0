import { hostname } from 'node:os';
import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';

/** The probes' port when `--port` is not given; examples/controller's manifest probes it. */
export const DEFAULT_CONTROLLER_PORT = 9464;

/**
 * `rampkit controller`: a long-running process that drives every live rollout in the store. Run two
 * or more: leases keep one driver per rollout, and when one replica dies another takes over its
 * rollouts within the lease time.
 */
export const controller: Command = {
  spec: {
    path: ['controller'],
    args: [],
    summary: 'drive every live rollout in the store until stopped; run several, leases share them',
    details:
      'A standing controller: each poll interval it takes the lease of every live rollout no other\n' +
      'controller holds and moves it on. Serves /healthz, /readyz and /metrics, logs JSON lines on\n' +
      'stdout, and on SIGTERM finishes the pass under way, hands its leases back and exits 0.',
    options: {
      id: {
        type: 'string',
        placeholder: 'id',
        description: 'names this controller in leases, logs and `rollout status` (default: hostname:pid)',
      },
      port: {
        type: 'string',
        placeholder: 'port',
        description: `port of /healthz, /readyz and /metrics; 0 picks a free one (default: ${DEFAULT_CONTROLLER_PORT})`,
      },
      host: {
        type: 'string',
        placeholder: 'address',
        description: 'address the probes listen on (default: 0.0.0.0)',
      },
      'poll-interval': {
        type: 'string',
        placeholder: 'duration',
        description: 'how often every rollout is looked at (default: 5s)',
      },
      'lease-ttl': {
        type: 'string',
        placeholder: 'duration',
        description: "how long a dead controller's rollouts wait before another takes them (default: 30s)",
      },
      'report-url': {
        type: 'string',
        placeholder: 'url',
        description: 'base URL of published reports; notifications link to <url>/<rollout id>',
      },
    },
    store: 'required',
    examples: [
      'rampkit controller --store "$RAMPKIT_STORE"',
      'rampkit controller --store redis://redis:6379 --id "$POD_NAME" --report-url https://ci.example.com/reports',
    ],
  },

  async run(ctx) {
    const port = portOf(ctx.string('port'), ctx.name);
    const pollIntervalMs = ctx.duration('poll-interval') ?? 5000;
    const leaseTtlMs = ctx.duration('lease-ttl') ?? 30_000;
    if (leaseTtlMs <= pollIntervalMs) {
      throw new UsageError(
        `${ctx.name}: --lease-ttl must be longer than --poll-interval, or leases lapse between passes`,
        ctx.name,
      );
    }
    const { store } = await ctx.store();
    // Loaded here: prom-client and the HTTP server are not needed by any other command.
    const { runStandingController } = await import('../controller/run-controller.js');
    await runStandingController({
      store,
      id: ctx.string('id') ?? `${hostname()}:${process.pid}`,
      port,
      host: ctx.string('host') ?? '0.0.0.0',
      pollIntervalMs,
      leaseTtlMs,
      reportUrl: ctx.string('report-url'),
      signal: ctx.signal,
      write: (line) => ctx.out.write(line),
    });
    return EXIT.ok;
  },
};

function portOf(text: string | undefined, command: string): number {
  if (text === undefined) return DEFAULT_CONTROLLER_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(
      `${command}: --port must be a port number (0 to 65535), got ${JSON.stringify(text)}`,
      command,
    );
  return port;
}
