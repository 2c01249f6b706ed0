/**
 * Proves the network guard is live before a benchmark trusts its "0 blocked" count: run with the
 * guard preloaded, it tries four outgoing connections (each must be blocked) and one loopback
 * connection (which must work), then prints one JSON line.
 */
import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';

const STATE = Symbol.for('rampkit.bench.networkGuard');

async function attempt(run) {
  try {
    await run();
    return false;
  } catch (error) {
    const code = error?.code ?? error?.cause?.code;
    return code === 'ERR_BENCH_NETWORK_BLOCKED';
  }
}

async function loopbackWorks() {
  const server = net.createServer((socket) => socket.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  try {
    const reply = await new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    return reply === 'ok';
  } finally {
    server.close();
  }
}

const guard = globalThis[STATE];
const blocked = [
  await attempt(() => new Promise((_, reject) => net.connect(80, '192.0.2.1').on('error', reject))),
  await attempt(() => fetch('https://example.com/')),
  await attempt(() => new Promise((_, reject) => https.get('https://example.com/').on('error', reject))),
  await attempt(() => dns.promises.lookup('example.com')),
];
const result = {
  installed: guard !== undefined,
  blockedAttempts: blocked.filter(Boolean).length,
  attempts: blocked.length,
  counted: guard?.blocked ?? 0,
  loopbackAllowed: await loopbackWorks(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
