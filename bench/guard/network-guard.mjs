/**
 * Preload for every benchmark process (`node --import ./bench/guard/network-guard.mjs`): any attempt
 * to open a connection or resolve a name that is not loopback throws, is logged loudly on stderr and
 * is counted. A benchmark that silently talked to a vendor's servers would measure the network, not
 * the SDK, so the report fails when the count is not zero.
 *
 * Patched: net.Socket.prototype.connect (which every TCP client, http, https, tls, undici's fetch and
 * http2 end in), tls.connect, dns.lookup and dns.promises.lookup. Unix-domain sockets and pipes stay
 * allowed: they cannot leave the machine.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const STATE = Symbol.for('rampkit.bench.networkGuard');

const state = { blocked: 0, attempts: [] };
globalThis[STATE] = state;

/** The number of blocked attempts so far, and what they were, for the benchmark to report. */
export function guardState() {
  return state;
}

function block(api, target) {
  state.blocked += 1;
  state.attempts.push(`${api} ${target}`);
  const message = `NETWORK GUARD: blocked ${api} to ${target} (pid ${process.pid})`;
  process.stderr.write(`\n!!!!!!!! ${message} !!!!!!!!\n${new Error(message).stack}\n\n`);
  const error = new Error(message);
  error.code = 'ERR_BENCH_NETWORK_BLOCKED';
  return error;
}

/** What a Socket#connect call targets: `{ path }` for a pipe, otherwise host (default localhost). */
function socketTarget(args) {
  let first = args[0];
  // net.connect() passes its normalized arguments as an array.
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    if (typeof first.path === 'string') return { local: true, label: first.path };
    const host = first.host ?? 'localhost';
    return { local: LOOPBACK.has(host), label: `${host}:${first.port}` };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { local: true, label: first };
  const host = typeof args[1] === 'string' ? args[1] : 'localhost';
  return { local: LOOPBACK.has(host), label: `${host}:${first}` };
}

const originalSocketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const target = socketTarget(args);
  if (!target.local) throw block('net.Socket#connect', target.label);
  return originalSocketConnect.apply(this, args);
};

const originalTlsConnect = tls.connect;
tls.connect = function guardedTlsConnect(...args) {
  const first = args[0];
  const host =
    first !== null && typeof first === 'object'
      ? (first.host ?? first.servername ?? 'localhost')
      : typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  if (!LOOPBACK.has(host)) throw block('tls.connect', host);
  return originalTlsConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) throw block('dns.lookup', hostname);
  return originalLookup.call(this, hostname, ...rest);
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) return Promise.reject(block('dns.promises.lookup', hostname));
  return originalPromisesLookup.call(this, hostname, ...rest);
};

// Named ESM imports of builtins (`import { lookup } from 'node:dns'`) are snapshots; refresh them.
syncBuiltinESMExports();
