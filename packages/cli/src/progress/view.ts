import type { HistoryEntry, ArmSnapshot as JudgedArm, RolloutStatus } from '@rampkit/rollout';
import { count, elapsed, millis, paint, rate, table, truncate, weight } from '../format/format.js';
import type { Output } from '../program/output.js';
import { describeDriver, describeEntry, describePosition, verdictColor } from './describe.js';

/** One arm's totals since the rollout began, as the judge sees them; the view shows no p99. */
export type ArmSnapshot = Omit<JudgedArm, 'p99'>;

export interface Frame {
  status: RolloutStatus;
  arms: { stable: ArmSnapshot; canary: ArmSnapshot } | null;
  /** The clock of the rollout (simulated in the demo). */
  now: number;
}

export interface ProgressViewOptions {
  /** Redraw a live block in place (a terminal); else print plain lines. @default out.isTTY */
  live?: boolean;
  /** Without a terminal: a status line at most this often, in real milliseconds. @default 30_000 */
  heartbeatMs?: number;
}

const BAR = 30;

/**
 * Live progress of one rollout. On a terminal a block of lines (weight, each arm's requests and
 * error rate, the latest verdict, what it waits for) is redrawn in place, with history entries
 * printed above it as they happen; elsewhere (CI logs) every entry is a plain line and a status line
 * comes at most every `heartbeatMs`.
 */
export class ProgressView {
  readonly #out: Output;
  readonly #live: boolean;
  readonly #heartbeatMs: number;
  #drawn = 0;
  #last: string[] = [];
  #lastHeartbeat = Number.NEGATIVE_INFINITY;

  constructor(out: Output, options: ProgressViewOptions = {}) {
    this.#out = out;
    this.#live = options.live ?? out.isTTY;
    this.#heartbeatMs = options.heartbeatMs ?? 30_000;
  }

  /** Permanent lines (above the live block on a terminal). */
  log(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.#erase();
    for (const line of lines) this.#out.line(this.#live ? truncate(line, this.#out.columns - 1) : line);
    this.#draw(this.#last);
  }

  entries(entries: readonly HistoryEntry[], startedAt: number): void {
    this.log(entries.map((entry) => describeEntry(entry, startedAt, this.#out.color)));
  }

  frame(frame: Frame): void {
    if (this.#live) {
      this.#erase();
      this.#draw(this.#block(frame));
      return;
    }
    const real = Date.now();
    if (real - this.#lastHeartbeat < this.#heartbeatMs) return;
    this.#lastHeartbeat = real;
    const { status, arms } = frame;
    const traffic =
      arms === null
        ? ''
        : ` · stable ${count(arms.stable.requests)} req ${rate(arms.stable.errorRate)} err · canary ${count(arms.canary.requests)} req ${rate(arms.canary.errorRate)} err`;
    this.#out.line(
      `${elapsed(frame.now - status.createdAt).padEnd(9)} status            ${describePosition(status)}${traffic}`,
    );
  }

  /** Leaves the last block on screen and stops redrawing it. */
  end(): void {
    this.#drawn = 0;
    this.#last = [];
  }

  #block(frame: Frame): string[] {
    const { status, arms } = frame;
    const color = this.#out.color;
    const filled = Math.round((status.weight / 100) * BAR);
    const bar = `${paint('█'.repeat(filled), 'cyan', color)}${'░'.repeat(BAR - filled)}`;
    const lines = [
      `${paint(status.id, 'bold', color)}  ${describePosition(status)}  ${paint(elapsed(frame.now - status.createdAt), 'gray', color)}`,
      `  weight   ${bar} ${weight(status.weight)} canary`,
    ];
    if (arms !== null) {
      const row = (name: string, arm: ArmSnapshot) => [
        `  ${name}`,
        count(arm.requests),
        count(arm.errors),
        rate(arm.errorRate),
        millis(arm.p50),
        millis(arm.p95),
      ];
      lines.push(
        ...table(
          [
            ['', 'requests', 'errors', 'error rate', 'p50', 'p95'],
            row('stable', arms.stable),
            row('canary', arms.canary),
          ],
          [1, 2, 3, 4, 5],
        ).map((line) => `  ${line.slice(2)}`),
      );
    }
    const verdict = status.lastVerdict;
    if (verdict !== undefined) {
      const label = paint(verdict.status, verdictColor(verdict.status), color);
      lines.push(`  verdict  ${label} at ${elapsed(verdict.at - status.createdAt)}: ${verdict.summary}`);
    }
    lines.push(`  now      ${status.blockedBy?.detail ?? status.reason}`);
    const driver = describeDriver(status, frame.now);
    if (driver !== null) lines.push(`  driver   ${driver}`);
    return lines.map((line) => truncate(line, this.#out.columns - 1));
  }

  #draw(lines: string[]): void {
    this.#last = lines;
    if (!this.#live || lines.length === 0) return;
    this.#out.write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }

  #erase(): void {
    if (this.#drawn > 0) this.#out.write(`\u001b[${this.#drawn}F\u001b[J`);
    this.#drawn = 0;
  }
}
