import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../security/headers.js';

export interface LiveHubOptions {
  /** How often a watched topic is read again, in milliseconds. @default 1000 */
  pollMs?: number;
  /** Most open event streams, all topics together; past it a new one is refused (503). @default 64 */
  maxStreams?: number;
  /** Called when reading a topic fails; the stream stays open and the next read tries again. */
  onError?: (error: unknown, topic: string) => void;
}

/** A topic's fragments by event name: each is sent when it differs from the last one sent. */
export type Fragments = Record<string, string>;

interface Topic {
  render: () => Promise<Fragments>;
  streams: Set<ServerResponse>;
  last: Fragments;
  timer: NodeJS.Timeout | undefined;
  reading: boolean;
}

/**
 * Server-sent events, one topic per page kind (the rollout list, one rollout…). However many
 * browsers watch a topic, the server reads the store for it once per `pollMs` and sends each
 * fragment only when it changed; browsers never poll. Streams are bounded in number.
 */
export class LiveHub {
  readonly #topics = new Map<string, Topic>();
  readonly #pollMs: number;
  readonly #maxStreams: number;
  readonly #onError: (error: unknown, topic: string) => void;
  #streams = 0;

  constructor(options: LiveHubOptions = {}) {
    this.#pollMs = options.pollMs ?? 1000;
    this.#maxStreams = options.maxStreams ?? 64;
    this.#onError = options.onError ?? (() => undefined);
  }

  get streams(): number {
    return this.#streams;
  }

  /**
   * Opens an event stream on `response` for `topic`. `render` makes the topic's fragments.
   * @returns false when the stream limit is reached (the caller answers 503)
   */
  open(topic: string, render: () => Promise<Fragments>, response: ServerResponse): boolean {
    if (this.#streams >= this.#maxStreams) return false;
    this.#streams += 1;
    let entry = this.#topics.get(topic);
    if (entry === undefined) {
      entry = { render, streams: new Set(), last: {}, timer: undefined, reading: false };
      this.#topics.set(topic, entry);
    }
    const current = entry;
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${Math.max(this.#pollMs, 1000)}\n\n`);
    // What the others were last sent: the page may be older than that.
    for (const [event, fragment] of Object.entries(current.last)) response.write(message(event, fragment));
    current.streams.add(response);
    response.on('close', () => this.#close(topic, current, response));
    if (current.timer === undefined) {
      current.timer = setInterval(() => void this.#read(topic, current), this.#pollMs);
      current.timer.unref();
    }
    void this.#read(topic, current);
    return true;
  }

  /** Reads every topic now (after an action, so the page shows its effect without waiting). */
  async refresh(): Promise<void> {
    await Promise.all([...this.#topics].map(([topic, entry]) => this.#read(topic, entry)));
  }

  close(): void {
    for (const [, entry] of this.#topics) {
      if (entry.timer !== undefined) clearInterval(entry.timer);
      for (const stream of entry.streams) stream.end();
    }
    this.#topics.clear();
  }

  async #read(topic: string, entry: Topic): Promise<void> {
    if (entry.reading) return;
    entry.reading = true;
    try {
      const fragments = await entry.render();
      for (const [event, fragment] of Object.entries(fragments)) {
        if (entry.last[event] === fragment) continue;
        entry.last[event] = fragment;
        const text = message(event, fragment);
        for (const stream of entry.streams) stream.write(text);
      }
    } catch (error) {
      this.#onError(error, topic);
    } finally {
      entry.reading = false;
    }
  }

  #close(topic: string, entry: Topic, response: ServerResponse): void {
    if (!entry.streams.delete(response)) return;
    this.#streams -= 1;
    if (entry.streams.size === 0) {
      if (entry.timer !== undefined) clearInterval(entry.timer);
      if (this.#topics.get(topic) === entry) this.#topics.delete(topic);
    }
  }
}

/** One server-sent event; each line of the fragment is a `data:` line. */
function message(event: string, fragment: string): string {
  return `event: ${event}\n${fragment
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}
