/**
 * Large configurations and the event loop: how long a FileStore app's event loop is held while a
 * 10 MB flags file is edited under it (a valid edit, an edit with a duplicate key) and while it
 * writes one itself; what `createClient` costs with 50,000 flags; and the parts of reading such a
 * file on their own. With `--baseline <dir>`, a second build of @rampkit/core (its dist folder, e.g.
 * built from main) is measured in the same run, in alternating turns. Prints the report and writes
 * bench/results/config-load.md.
 *
 *   node bench/config-load/run.mjs [--quick] [--rounds N] [--mb N] [--flags N] [--baseline <core dist>]
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchConfig, fileText, flagsForBytes } from './configs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    mb: { type: 'string' },
    flags: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const rounds = Number(args.rounds ?? (args.quick ? 1 : 5));
const megabytes = Number(args.mb ?? 10);
const clientFlags = Number(args.flags ?? (args.quick ? 10_000 : 50_000));
// This build is the installed @rampkit/core's; --baseline names another build's folder to compare with.
const builds = [{ name: 'this build', dir: dirname(fileURLToPath(import.meta.resolve('@rampkit/core'))) }];
if (args.baseline) builds.push({ name: 'baseline', dir: resolve(args.baseline) });
const log = (message) => process.stderr.write(`${message}\n`);
const children = new Set();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

const work = mkdtempSync(join(tmpdir(), 'rampkit-bench-config-load-'));
const fileFlags = flagsForBytes(megabytes * 1024 * 1024);
const files = {
  v1: fileText(benchConfig(fileFlags, 1)),
  v2: fileText(benchConfig(fileFlags, 2)),
};
// The same edit, with the last flag's `version` given twice (the reader must refuse it).
const lastVersion = files.v2.lastIndexOf('"version": 2,') + '"version": 2,'.length;
files.duplicate = `${files.v2.slice(0, lastVersion)} "version": 3,${files.v2.slice(lastVersion)}`;
const writeSource = join(work, 'write-source.json');
writeFileSync(writeSource, fileText(benchConfig(fileFlags, 3)));
const textPath = join(work, 'v1.json');
writeFileSync(textPath, files.v1);
log(
  `flags file: ${fileFlags} flags, ${(files.v1.length / 1048576).toFixed(2)} MiB; createClient: ${clientFlags} flags`,
);

function child(script, env) {
  const process_ = fork(join(here, script), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(process_);
  process_.once('exit', () => children.delete(process_));
  return process_;
}

function next(process_, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (type === undefined || message.type === type) {
        process_.off('message', onMessage);
        process_.off('exit', onExit);
        resolve(message);
      }
    };
    const onExit = (code) =>
      reject(new Error(`child exited with ${code} while waiting for ${type ?? 'its answer'}`));
    process_.on('message', onMessage);
    process_.once('exit', onExit);
  });
}

/** Replaces the file in one step, as an editor or `git checkout` does. */
function replaceFile(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

async function appRound(build) {
  const path = join(work, `flags-${builds.indexOf(build)}.json`);
  writeFileSync(path, files.v1);
  const app = child('app.mjs', { RK_CORE: build.dir, RK_FILE: path });
  const { load } = await next(app, 'ready');
  const measure = async (text) => {
    app.send({ type: 'measure' });
    await next(app, 'watching');
    replaceFile(path, text);
    return next(app, 'measured');
  };
  const edit = await measure(files.v2);
  const duplicate = await measure(files.duplicate);
  // Back to the valid edit (no change of configuration), or the write would rightly be refused.
  replaceFile(path, files.v2);
  app.send({ type: 'write', file: writeSource });
  const write = await next(app, 'measured');
  app.send({ type: 'exit' });
  await new Promise((resolve) => app.once('exit', resolve));
  return { load, edit, duplicate, write };
}

async function floorRound() {
  const floor = child('floor.mjs', { RK_FLAGS: String(fileFlags), RK_EDITION: '2' });
  await next(floor, 'ready');
  floor.send({ type: 'measure' });
  const measured = await next(floor, 'measured');
  floor.send({ type: 'exit' });
  await new Promise((resolve) => floor.once('exit', resolve));
  return measured;
}

async function createClientRound(build) {
  const process_ = child('create-client.mjs', { RK_CORE: build.dir, RK_FLAGS: String(clientFlags) });
  return next(process_);
}

async function partsRound(build) {
  const process_ = child('parts.mjs', { RK_CORE: build.dir, RK_TEXT: textPath });
  return next(process_);
}

const results = new Map(builds.map((build) => [build.name, { app: [], client: [], parts: [] }]));
const floors = [];
try {
  for (let round = 0; round < rounds; round++) {
    // Turns alternate, and their order rotates each round, so both builds see the same machine.
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    log(`round ${round + 1}/${rounds}: the floor`);
    floors.push(await floorRound());
    for (const build of order) {
      log(`round ${round + 1}/${rounds}: ${build.name}`);
      const result = results.get(build.name);
      result.app.push(await appRound(build));
      result.client.push(await createClientRound(build));
      result.parts.push(await partsRound(build));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const spread = (values) =>
  values.length === 1
    ? fmt(values[0])
    : `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;

const lines = [
  '# config-load',
  '',
  `Node ${process.version}, ${rounds} round(s), load average at the end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}.`,
  `Flags file: ${fileFlags} flags, ${(files.v1.length / 1048576).toFixed(2)} MiB (two-space JSON). createClient: ${clientFlags} flags.`,
  'Milliseconds; median over rounds (min–max). "Main thread": the most time the main thread ran (code and its garbage collection) between two event-loop turns, from a CPU profile sampled every 100 µs; "wall": the longest stretch between two turns, which also counts time the thread waited for a core on this shared machine (see probe.mjs).',
  '',
  '| the floor: the new configuration built twice (data and a form to evaluate) by JSON.parse a flag at a time, a turn every 4 ms, no Rampkit | longest block: main thread | wall | monitorEventLoopDelay max |',
  '| --- | --- | --- | --- |',
  `| ${fileFlags} flags, kept beside the ${fileFlags} in force (also twice) | ${spread(floors.map((f) => f.block.mainMs))} | ${spread(floors.map((f) => f.block.wallMs))} | ${spread(floors.map((f) => f.block.delayMaxMs))} |`,
  '',
];
for (const build of builds) {
  const { app, client, parts } = results.get(build.name);
  lines.push(`## ${build.name} (${build.dir})`, '');
  lines.push(
    '| a FileStore app, while … | longest block: main thread | wall | monitorEventLoopDelay max | outcome |',
  );
  lines.push('| --- | --- | --- | --- | --- |');
  for (const [label, key] of [
    ['the file is replaced by a valid edit (every flag changed)', 'edit'],
    ['the file is replaced by an edit with a duplicate key', 'duplicate'],
    ['it writes a configuration of the same size (`writeConfig`)', 'write'],
  ]) {
    const runs = app.map((r) => r[key]);
    lines.push(
      `| ${label} | ${spread(runs.map((r) => r.block.mainMs))} | ${spread(runs.map((r) => r.block.wallMs))} | ${spread(runs.map((r) => r.block.delayMaxMs))} | ${runs[0].result.kind} |`,
    );
  }
  lines.push('');
  lines.push(
    'What ran in the longest main-thread block of each round (the functions most often on top of the stack):',
    '',
  );
  for (const key of ['edit', 'duplicate', 'write']) {
    lines.push(
      `- ${key}: ${app.map((r) => `${fmt(r[key].block.mainMs)} ms (${r[key].block.mainTop.join(', ')})`).join('; ')}`,
    );
  }
  lines.push('');
  lines.push('| cost | CPU | wall |', '| --- | --- | --- |');
  lines.push(
    `| the app loading the file at start, until ready | ${spread(app.map((r) => r.load.cpuMs))} | ${spread(app.map((r) => r.load.wallMs))} |`,
  );
  lines.push(
    `| \`createClient({ flags })\`, ${clientFlags} flags, the call | ${spread(client.map((r) => r.created.cpuMs))} | ${spread(client.map((r) => r.created.wallMs))} |`,
  );
  lines.push(
    `| … until \`ready()\` | ${spread(client.map((r) => r.ready.cpuMs))} | ${spread(client.map((r) => r.ready.wallMs))} |`,
  );
  lines.push('');
  lines.push(
    `| one part of reading the ${(files.v1.length / 1048576).toFixed(0)} MiB file, in one go | CPU |`,
    '| --- | --- |',
  );
  for (const part of Object.keys(parts[0])) lines.push(`| ${part} | ${spread(parts.map((p) => p[part]))} |`);
  lines.push('');
}
const report = lines.join('\n');
process.stdout.write(`${report}\n`);
mkdirSync(join(here, '..', 'results'), { recursive: true });
writeFileSync(join(here, '..', 'results', 'config-load.md'), `${report}\n`);
if (answeredWrongly()) process.exit(1);

/** Every createClient round must have served the flag's rule: a client that answered nothing measured nothing. */
function answeredWrongly() {
  for (const { client } of results.values()) if (client.some((r) => r.answered !== true)) return true;
  return false;
}
