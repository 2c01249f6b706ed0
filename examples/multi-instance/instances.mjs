/**
 * What start.mjs and rollout.mjs share: a Redis to use (one of our own when none answers), app
 * instances as child processes, and the example's keys removed at the end.
 */
import { fork, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every child process started, killed when this process exits, whatever happens. */
export const children = [];
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function answers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** REDIS_URL (default redis://127.0.0.1:6379), or a redis-server of our own on a free port. */
export async function redisUrl() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) return url;
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: 'ignore',
  });
  const missing = new Promise((resolve) => server.once('error', () => resolve(true)));
  children.push(server);
  const own = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i += 1) {
    if (await Promise.race([answers(own), missing])) {
      if ((await answers(own)) === true) {
        console.log(`No Redis at ${url}: started redis-server on ${own} for this run.`);
        return own;
      }
      break;
    }
    await sleep(100);
  }
  console.error(
    `No Redis answers at ${url}, and redis-server could not be started. Start one, or set REDIS_URL.`,
  );
  process.exit(1);
}

/** Forks one app.mjs; resolves once it listens. `env` adds to the environment (CANARY_ERROR_RATE…). */
export function startInstance(name, url, prefix, env = {}) {
  const child = fork(fileURLToPath(new URL('./app.mjs', import.meta.url)), [], {
    env: { ...process.env, ...env, REDIS_URL: url, RAMPKIT_PREFIX: prefix, INSTANCE: name },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.on('message', (message) => {
      if (message.type === 'listening') resolve({ name, port: message.port, child });
    });
  });
}

/** What one instance says about itself: `{ instance, version, canaryShare }`. */
export const status = async ({ port }) => (await fetch(`http://127.0.0.1:${port}/status`)).json();

/** Shuts the instances down; each flushes its last outcomes first. */
export function stopInstances(instances) {
  return Promise.all(
    instances.map(
      ({ child }) =>
        new Promise((resolve) => {
          child.removeAllListeners('exit');
          child.once('exit', resolve);
          child.send('shutdown');
        }),
    ),
  );
}

/** The example's keys go away with it: one environment prefix, one hash tag. */
export async function cleanup(store, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await store.client.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await store.client.del(...keys);
  } while (cursor !== '0');
}
