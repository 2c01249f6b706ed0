/**
 * One benchmark server in its own process: `node server.mjs <framework> <variant>`, forked by run.mjs.
 * Reports the variant's port over IPC, then answers `cpu` with its CPU time so far (user + system µs),
 * so run.mjs can charge each measured window's CPU to that server alone, and `stats` with Rampkit's
 * counters (rampkit variant only), so run.mjs can check the server did the work it is timed for.
 *
 * Every process builds all of its framework's variants and only the measured one gets traffic. The
 * processes of one framework are then set up identically, which matters more than it seems: V8 can
 * settle into a slower state for Node's own `process.nextTick` (its tick-object literal falling back
 * to the runtime) depending on what a process loaded and when it collected garbage, and a Fastify
 * request pays about 2 µs for it. Built alike, the processes share that state; built apart, the
 * bare server escaped it while the other two did not (see README.md).
 */
import { startApp, VARIANTS } from './apps.mjs';

const [framework, variant] = process.argv.slice(2);
const apps = new Map();
for (const name of VARIANTS) apps.set(name, await startApp(framework, name));
const app = apps.get(variant);
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  } else if (message === 'stats') {
    process.send({ type: 'stats', stats: app.stats?.() ?? null });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port: app.port });
