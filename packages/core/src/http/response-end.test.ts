import { once } from 'node:events';
import { Agent, createServer, type IncomingMessage, request, type Server, ServerResponse } from 'node:http';
import { connect as connectHttp2, createServer as createHttp2Server } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestFlags } from './request-flags.js';
import { watchResponseEnd } from './response-end.js';

/** What `done` was called with, per request: [name, status, aborted]. */
type Ended = [string, number, boolean];

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A stand-in for a request's flags: `watchResponseEnd` only hands it back. */
const flagsNamed = (name: string) => ({ name }) as unknown as RequestFlags;

/**
 * An HTTP/1 server whose handler watches every response, then lets `handle` answer it. Requests are
 * named by their path. `closed()` resolves once every connection the server accepted has closed, after
 * the watcher's own `'close'` listener has run.
 */
async function watchingServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const ended: Ended[] = [];
  const sockets: Socket[] = [];
  const server = createServer((req, res) => {
    watchResponseEnd(res, flagsNamed(req.url!), (flags, status, aborted) => {
      ended.push([(flags as unknown as { name: string }).name, status, aborted]);
    });
    handle(req, res);
  });
  // `once(socket, 'close')` resolves after the whole emit, so after the watcher's listener too.
  server.on('connection', (socket) => sockets.push(socket));
  const closed = () =>
    Promise.all(sockets.map((socket) => (socket.closed ? undefined : once(socket, 'close'))));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, ended, closed, port: (server.address() as { port: number }).port };
}

function get(port: number, path: string, agent?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: agent as never }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits until `check` holds, checking after each turn of the event loop (at most 200). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('watchResponseEnd over HTTP/1', () => {
  it('reports each finished response once, with its status, on one keep-alive connection', async () => {
    const { ended, closed, port } = await watchingServer((req, res) => {
      res.statusCode = req.url === '/fail' ? 503 : 200;
      res.end('ok');
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (const path of ['/a', '/fail', '/b']) await get(port, path, agent);
    await until(() => ended.length === 3);
    agent.destroy();
    await closed();
    expect(ended).toEqual([
      ['/a', 200, false],
      ['/fail', 503, false],
      ['/b', 200, false],
    ]);
  });

  it('tells every watcher of one response when it finishes, not when the connection closes', async () => {
    const { ended, closed, port } = await watchingServer((req, res) => {
      watchResponseEnd(res, flagsNamed('second'), (_flags, status, aborted) =>
        ended.push([`second ${req.url}`, status, aborted]),
      );
      res.end('ok');
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await get(port, '/a', agent);
    await get(port, '/b', agent);
    await until(() => ended.length === 4);
    // The connection is still open: both were told at the finish.
    expect(ended.map(([name]) => name).sort()).toEqual(['/a', '/b', 'second /a', 'second /b']);
    agent.destroy();
    await closed();
    expect(ended).toHaveLength(4);
  });

  it('reports a response the client left before it was sent as aborted', async () => {
    let answer: (() => void) | undefined;
    const { ended, port } = await watchingServer((_req, res) => {
      answer = () => res.end('late');
    });
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /left HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => answer !== undefined);
    socket.destroy();
    await until(() => ended.length === 1);
    answer!();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toEqual([['/left', 200, true]]);
  });

  it('reports pipelined requests, answered in turn, each once', async () => {
    const { ended, port } = await watchingServer((req, res) => {
      setTimeout(() => res.end(req.url), req.url === '/first' ? 20 : 0);
    });
    const socket: Socket = connect(port, '127.0.0.1');
    const requests = ['/first', '/second', '/third'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`);
    socket.write(requests.join(''));
    socket.resume();
    await until(() => ended.length === 3);
    socket.destroy();
    expect(ended.map(([name]) => name).sort()).toEqual(['/first', '/second', '/third']);
    expect(ended.every(([, status, aborted]) => status === 200 && !aborted)).toBe(true);
  });

  it('reports nothing for a response watched only after it was sent', async () => {
    const ended: Ended[] = [];
    const server = createServer((_req, res) => {
      res.end('done');
      res.on('finish', () =>
        watchResponseEnd(res, flagsNamed('/after'), (_f, status, aborted) =>
          ended.push(['/after', status, aborted]),
        ),
      );
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    await get((server.address() as { port: number }).port, '/after');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toEqual([]);
  });

  it('leaves the responses of servers that watch nothing alone, and survives a throwing `done`', async () => {
    const plain: Server = createServer((_req, res) => res.end('plain'));
    servers.push(plain);
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      let calls = 0;
      const server = createServer((_req, res) => {
        watchResponseEnd(res, flagsNamed('/throws'), () => {
          calls += 1;
          throw new Error('done failed');
        });
        res.end('x');
      });
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      expect(await get((plain.address() as { port: number }).port, '/')).toBe(200);
      expect(await get((server.address() as { port: number }).port, '/throws')).toBe(200);
      await until(() => calls === 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toBe(1);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('watchResponseEnd elsewhere: a listener on the response itself', () => {
  it('reports an HTTP/2 response, and one whose client reset the stream as aborted', async () => {
    const ended: Ended[] = [];
    let watched = 0;
    const server = createHttp2Server((req, res) => {
      watched += 1;
      watchResponseEnd(res, flagsNamed(req.url), (flags, status, aborted) =>
        ended.push([(flags as unknown as { name: string }).name, status, aborted]),
      );
      if (req.url === '/ok') res.end('ok');
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const session = connectHttp2(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    try {
      const ok = session.request({ ':path': '/ok' });
      ok.end();
      ok.resume();
      await once(ok, 'end');
      const left = session.request({ ':path': '/left' });
      left.end();
      left.on('error', () => {});
      await until(() => watched === 2);
      left.close();
      await until(() => ended.length === 2);
    } finally {
      session.close();
    }
    expect(ended).toEqual([
      ['/ok', 200, false],
      ['/left', 200, true],
    ]);
  });

  it('reports a response on a socket that is not a net.Socket (an injected request)', async () => {
    const ended: Ended[] = [];
    const req = { method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} } as IncomingMessage;
    const res = new ServerResponse(req);
    res.assignSocket(new Writable({ write: (_chunk, _encoding, callback) => callback() }) as never);
    watchResponseEnd(res, flagsNamed('/injected'), (_flags, status, aborted) =>
      ended.push(['/injected', status, aborted]),
    );
    // As light-my-request (fastify.inject) does: Node's server, which would emit it, is not involved.
    res.on('finish', () => process.nextTick(() => res.emit('close')));
    res.statusCode = 201;
    res.end('made');
    await until(() => ended.length === 1);
    expect(ended).toEqual([['/injected', 201, false]]);
  });
});
