/**
 * A redis-server of the benchmark's own on a free loopback port, so INFO commandstats counts only
 * the benchmark's commands and the shared Redis is left alone. Killed when the benchmark exits.
 */
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function startRedisServer() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const failed = new Promise((_, reject) => child.once('error', reject));
  for (let i = 0; i < 100; i += 1) {
    if (await Promise.race([answers(port), failed])) return { url: `redis://127.0.0.1:${port}`, stop: kill };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  kill();
  throw new Error('redis-server did not start');
}
