/**
 * A FileStore app (forked by run.mjs): a Rampkit client following a flags file. On `measure` it
 * watches its event loop until the edit the parent then makes is in force (`change`) or reported
 * (`error`), and sends back the longest block. On `write` it writes a configuration through its
 * own FileStore, watched the same way. env: RK_CORE (a dist folder of @rampkit/core), RK_FILE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockProbe, cpuMs } from './probe.mjs';

const core = await import(pathToFileURL(join(process.env.RK_CORE, 'index.js')).href);
const { FileStore } = await import(pathToFileURL(join(process.env.RK_CORE, 'file-store.js')).href);

const store = new FileStore({ path: process.env.RK_FILE, pollIntervalMs: 200 });
const client = core.createClient({ store, metrics: false });
const startCpu = cpuMs();
const startWall = performance.now();
await client.ready({ timeoutMs: 120_000 });
const load = { cpuMs: cpuMs() - startCpu, wallMs: performance.now() - startWall };

let outcome;
client.on('change', (event) => outcome?.({ kind: 'change', version: event.version }));
client.on('error', (error) => outcome?.({ kind: 'error', message: error.message.slice(0, 200) }));

process.on('message', async (message) => {
  if (message.type === 'measure') {
    const probe = blockProbe();
    const settled = new Promise((resolve) => {
      outcome = resolve;
    });
    await probe.start();
    process.send({ type: 'watching' });
    const result = await settled;
    outcome = undefined;
    process.send({ type: 'measured', result, block: await probe.stop() });
  } else if (message.type === 'write') {
    // The configuration is read before the probe starts: only the write itself is watched.
    const config = JSON.parse(readFileSync(message.file, 'utf8'));
    const snapshot = await store.loadConfig();
    const probe = blockProbe();
    await probe.start();
    const startWrite = performance.now();
    const written = await store.writeConfig(config, { expectedVersion: snapshot.version });
    const wallMs = performance.now() - startWrite;
    process.send({
      type: 'measured',
      result: { kind: 'written', version: written.version, wallMs },
      block: await probe.stop(),
    });
  } else if (message.type === 'exit') {
    await client.close();
    await store.close();
    process.exit(0);
  }
});
process.send({ type: 'ready', load, flags: Object.keys(client.allFlags({})).length });
