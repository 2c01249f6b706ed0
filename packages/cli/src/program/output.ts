import { redactSecrets } from '../store/store-url.js';

/** The streams and environment a command runs with (the process's own, or a test's). */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/**
 * Everything a command prints goes through here, so that no store password ever reaches a
 * terminal or a CI log, and so that `--json` keeps stdout for JSON alone.
 */
export class Output {
  readonly io: CliIo;
  readonly json: boolean;
  readonly #secrets: string[] = [];

  constructor(io: CliIo, json: boolean) {
    this.io = io;
    this.json = json;
  }

  /** Live redrawing and colour only on a terminal (and colour not with NO_COLOR). */
  get isTTY(): boolean {
    return this.io.stdout.isTTY === true && !this.json;
  }

  get color(): boolean {
    return this.isTTY && this.io.env.NO_COLOR === undefined;
  }

  get columns(): number {
    return this.io.stdout.columns ?? 100;
  }

  /** Secrets are replaced by `***` in everything printed from now on. */
  addSecrets(secrets: readonly string[]): void {
    this.#secrets.push(...secrets);
  }

  redact(text: string): string {
    return redactSecrets(text, this.#secrets);
  }

  /** A line for people: stdout, or stderr under `--json` (stdout then carries JSON only). */
  line(text = ''): void {
    (this.json ? this.io.stderr : this.io.stdout).write(`${this.redact(text)}\n`);
  }

  /** Raw text on stdout (a report, a live frame). */
  write(text: string): void {
    this.io.stdout.write(this.redact(text));
  }

  error(text: string): void {
    this.io.stderr.write(`${this.redact(text)}\n`);
  }

  /** One JSON document on stdout. */
  data(value: unknown): void {
    this.io.stdout.write(`${this.redact(JSON.stringify(value, null, 2))}\n`);
  }
}
