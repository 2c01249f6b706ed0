import diagnosticsChannel from 'node:diagnostics_channel';
import { ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { ResponseDone } from './adapter.js';
import type { RequestFlags } from './request-flags.js';

/**
 * What `watchResponseEnd` needs of a Node response: an HTTP/1 `ServerResponse` or an HTTP/2
 * `Http2ServerResponse` (or anything else that emits `'close'` as they do).
 */
export interface NodeResponse {
  readonly statusCode: number;
  readonly writableEnded: boolean;
  readonly writableFinished: boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** The channel on which Node publishes every finished HTTP/1 server response. */
const RESPONSE_FINISH = 'http.server.response.finish';

interface FinishMessage {
  readonly response: ServerResponse;
  readonly socket: WatchedSocket | null | undefined;
}

/** The responses watched on a socket and still open, as [response, flags, done, response, …]. */
type Watched = (NodeResponse | RequestFlags | ResponseDone)[];

/** A socket as this module marks it. The symbol is this copy of core's: another copy keeps its own. */
interface WatchedSocket {
  [WATCHED]?: Watched | undefined;
  /** True once the socket has emitted `'close'`. */
  readonly closed?: boolean;
  once(event: 'close', listener: (this: WatchedSocket) => void): unknown;
}

const WATCHED = Symbol('rampkit.watchedResponses');

let subscribed = false;

/**
 * Calls `done(flags, status, aborted)` once `response` is over: `aborted` is false when the response
 * was ended, true when the connection closed before it was. For a response already over (sent, or its
 * client gone) it never calls `done`.
 *
 * An HTTP/1 response is seen through Node's diagnostics channel for finished responses, and its
 * socket's `'close'` (one listener per connection, not per request) covers a client that went away
 * first, where a `'close'` listener on each response would cost several times more
 * (bench/http/README.md). An HTTP/2 response, one not yet given a socket (a pipelined request
 * waiting for the one before it) and one on a socket that is not a `net.Socket` (an injected request)
 * get a listener of their own.
 */
export function watchResponseEnd(response: NodeResponse, flags: RequestFlags, done: ResponseDone): void {
  // A flag served after the response was sent did not shape it: no outcome is the response's to give.
  if (response.writableFinished) return;
  const socket = response instanceof ServerResponse ? (response.socket as WatchedSocket | null) : null;
  // Likewise after the client went away: its socket's `'close'` has been emitted already.
  if (socket?.closed === true) return;
  const watched = socket === null ? undefined : (socket[WATCHED] ?? startWatching(socket));
  if (watched === undefined) {
    response.on('close', closeListener(response, flags, done));
    return;
  }
  watched.push(response, flags, done);
}

/**
 * The list of `socket`'s watched responses, made with its first one; undefined when Node will not
 * publish its responses. Node publishes those of its own HTTP servers only, whose sockets are
 * `net.Socket`s (TLS ones included): a response on anything else (fastify.inject's, for one) is
 * watched with a listener of its own.
 */
function startWatching(socket: WatchedSocket): Watched | undefined {
  if (!((socket as object) instanceof Socket) || !subscribe()) return undefined;
  const watched: Watched = [];
  socket[WATCHED] = watched;
  socket.once('close', onSocketClose);
  return watched;
}

function subscribe(): boolean {
  if (subscribed) return true;
  if (typeof diagnosticsChannel?.subscribe !== 'function') return false;
  diagnosticsChannel.subscribe(RESPONSE_FINISH, onResponseFinish as (message: unknown) => void);
  subscribed = true;
  return true;
}

/** Runs for every finished HTTP/1 response in the process, watched or not: returns fast for the rest. */
function onResponseFinish(message: FinishMessage): void {
  const watched = message.socket?.[WATCHED];
  if (watched === undefined || watched.length === 0) return;
  const response = message.response;
  // Backwards, and on to the start: a response may be watched more than once (two Rampkit
  // middlewares, each with its own client), and every watcher is told.
  for (let i = watched.length - 3; i >= 0; i -= 3) {
    if (watched[i] !== response) continue;
    const flags = watched[i + 1] as RequestFlags;
    const done = watched[i + 2] as ResponseDone;
    // The last entry, already looked at, takes this one's place: the order does not matter. Popping
    // keeps the array's room for the next response; setting `length` is a runtime call.
    const last = watched.length - 3;
    if (i !== last) {
      watched[i] = watched[last]!;
      watched[i + 1] = watched[last + 1]!;
      watched[i + 2] = watched[last + 2]!;
    }
    watched.pop();
    watched.pop();
    watched.pop();
    report(done, flags, response.statusCode, false);
  }
}

/** The connection closed: every response still watched on it is over, most of them unfinished. */
function onSocketClose(this: WatchedSocket): void {
  const watched = this[WATCHED];
  if (watched === undefined) return;
  this[WATCHED] = undefined;
  for (let i = 0; i < watched.length; i += 3) {
    const response = watched[i] as NodeResponse;
    // Ended but not yet flushed when the connection went: the handler did answer, as with `'close'`.
    report(
      watched[i + 2] as ResponseDone,
      watched[i + 1] as RequestFlags,
      response.statusCode,
      !response.writableEnded,
    );
  }
}

/**
 * Node reports an exception thrown by a channel subscriber as uncaught, and one thrown by a socket's
 * listener crashes the process: `done` reports its own failures, so anything left is dropped here.
 */
function report(done: ResponseDone, flags: RequestFlags, status: number, aborted: boolean): void {
  try {
    done(flags, status, aborted);
  } catch {
    // Nothing to do: the request is over, and this must not end the process.
  }
}

/** Node emits `'close'` after `'finish'` once a response is sent, and alone when the connection closes first. */
function closeListener(response: NodeResponse, flags: RequestFlags, done: ResponseDone): () => void {
  return () => report(done, flags, response.statusCode, !response.writableEnded);
}
