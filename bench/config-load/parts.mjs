/**
 * The parts of reading a flags file, each run on its own in one go (forked by run.mjs): CPU time
 * of each, to see what dominates and what a single call of it would hold the event loop for.
 * env: RK_CORE, RK_TEXT (the file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuMs } from './probe.mjs';

const core = await import(pathToFileURL(join(process.env.RK_CORE, 'index.js')).href);
const text = readFileSync(process.env.RK_TEXT, 'utf8');

function timed(run) {
  const start = cpuMs();
  const value = run();
  return { ms: cpuMs() - start, value };
}

const parts = {};
const part = (label, run) => {
  const { ms, value } = timed(run);
  parts[label] = ms;
  return value;
};
const parsed = part('JSON.parse of the text', () => JSON.parse(text));
if (core.parseConfigJson)
  part("core's JSON reader (parseConfigJson), in one go", () => core.parseConfigJson(text));
part('validateConfig', () => core.validateConfig(parsed));
part('structuredClone', () => structuredClone(parsed));
part('JSON.stringify, two-space indent', () => JSON.stringify(parsed, null, 2));
const client = part('createClient({ flags }): validation, copy, compilation', () =>
  core.createClient({ flags: parsed, metrics: false }),
);
await client.close();
process.send(parts);
