import { Agent, request } from 'node:http';

export interface TrafficOptions {
  port: number;
  /** Requests per second. */
  rps: number;
  /** Distinct users, `user-1` … `user-<n>`. */
  users: number;
  random: () => number;
  /** The path of each request (the demo sends most traffic to the service being rolled out). */
  path: () => string;
  /** Requests in flight at most; beyond it the generator falls behind rather than pile up. @default 64 */
  maxInFlight?: number;
}

export interface TrafficStats {
  sent: number;
  /** Answers with a 5xx status. */
  failed: number;
  /** Requests that got no answer at all. */
  unanswered: number;
  /** Distinct users who sent at least one request. */
  users: number;
}

const TICK_MS = 20;

/**
 * Steady traffic from many users to 127.0.0.1 over keep-alive connections: each request carries a
 * random user's id in `x-user-id`, so the same user lands in the same arm every time.
 */
export class TrafficGenerator {
  readonly #options: TrafficOptions;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 32 });
  readonly #seen = new Set<number>();
  readonly #pending = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #sent = 0;
  #failed = 0;
  #unanswered = 0;

  constructor(options: TrafficOptions) {
    this.#options = options;
  }

  get stats(): TrafficStats {
    return { sent: this.#sent, failed: this.#failed, unanswered: this.#unanswered, users: this.#seen.size };
  }

  start(): void {
    this.#startedAt = performance.now();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Stops sending and waits for the requests in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#pending);
    this.#agent.destroy();
  }

  #tick(): void {
    const due = Math.floor(((performance.now() - this.#startedAt) / 1000) * this.#options.rps) - this.#sent;
    const room = (this.#options.maxInFlight ?? 64) - this.#pending.size;
    const n = Math.min(due, room);
    // Behind by more than it may send: forget the backlog rather than burst later.
    if (due > room) this.#startedAt += ((due - room) / this.#options.rps) * 1000;
    for (let i = 0; i < n; i++) this.#send();
  }

  #send(): void {
    const user = 1 + Math.floor(this.#options.random() * this.#options.users);
    this.#seen.add(user);
    this.#sent += 1;
    const done = new Promise<void>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.#options.port,
          path: this.#options.path(),
          agent: this.#agent,
          headers: { 'x-user-id': `user-${user}` },
          timeout: 5000,
        },
        (res) => {
          if ((res.statusCode ?? 500) >= 500) this.#failed += 1;
          res.resume();
          res.once('end', resolve);
          res.once('error', resolve);
        },
      );
      req.once('timeout', () => req.destroy());
      req.once('error', () => {
        this.#unanswered += 1;
        resolve();
      });
      req.end();
    });
    this.#pending.add(done);
    void done.then(() => this.#pending.delete(done));
  }
}
