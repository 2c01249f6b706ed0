/**
 * createClient with a large bootstrap configuration, in a fresh process (forked by run.mjs): CPU and
 * wall time of the synchronous call and until `ready()`. env: RK_CORE, RK_FLAGS.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchConfig } from './configs.mjs';
import { cpuMs } from './probe.mjs';

const core = await import(pathToFileURL(join(process.env.RK_CORE, 'index.js')).href);
const config = benchConfig(Number(process.env.RK_FLAGS));
const startCpu = cpuMs();
const startWall = performance.now();
const client = core.createClient({ flags: config, metrics: false });
const created = { cpuMs: cpuMs() - startCpu, wallMs: performance.now() - startWall };
await client.ready({ timeoutMs: 300_000 });
const ready = { cpuMs: cpuMs() - startCpu, wallMs: performance.now() - startWall };
const answered = client.evaluate('flag-0', { targetingKey: 'u', plan: 'pro', appVersion: '3.0.0' }).value;
await client.close();
process.send({ created, ready, answered });
