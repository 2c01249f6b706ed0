import { randomBytes, timingSafeEqual } from 'node:crypto';

/** One signed-in browser: who it acts as (for the audit log) and its CSRF token. */
export interface Session {
  id: string;
  actor: string;
  csrf: string;
  lastSeen: number;
}

export interface SessionTableOptions {
  /** Most sessions kept; past it the least recently seen goes. @default 1000 */
  max?: number;
  /** A session unused this long is gone, in milliseconds. @default 12 hours */
  idleMs?: number;
  now?: () => number;
}

/**
 * Sessions in a bounded table: a Map kept in least-recently-seen order, so that however many
 * browsers (or clients that never sign in) ask, memory stays at `max` sessions.
 */
export class SessionTable {
  readonly #sessions = new Map<string, Session>();
  readonly #max: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(options: SessionTableOptions = {}) {
    this.#max = options.max ?? 1000;
    this.#idleMs = options.idleMs ?? 12 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#sessions.size;
  }

  create(actor: string): Session {
    while (this.#sessions.size >= this.#max) {
      const oldest = this.#sessions.keys().next().value as string;
      this.#sessions.delete(oldest);
    }
    const session: Session = {
      id: token(),
      actor,
      csrf: token(),
      lastSeen: this.#now(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, marked as seen; undefined when unknown or idle too long. */
  find(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    const now = this.#now();
    this.#sessions.delete(id);
    if (now - session.lastSeen > this.#idleMs) return undefined;
    session.lastSeen = now;
    this.#sessions.set(id, session);
    return session;
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
