/**
 * One benchmark server in its own process: `node server.mjs <framework> <variant>`, forked by run.mjs.
 * Reports its port over IPC, then answers `cpu` messages with its CPU time so far (user + system µs),
 * so run.mjs can charge each measured window's CPU to that server alone.
 */
import { startApp } from './apps.mjs';

const [framework, variant] = process.argv.slice(2);
const port = await startApp(framework, variant);
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port });
