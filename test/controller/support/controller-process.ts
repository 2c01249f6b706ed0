import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { CLI_BIN } from '../../cli/support/cli.js';

/** One JSON line a standing controller logged. */
export interface LogLine {
  time: string;
  level: string;
  msg: string;
  controller: string;
  rollout?: string;
  [field: string]: unknown;
}

/** A `rampkit controller` child process, its log as parsed lines, and its exit. */
export interface ControllerProcess {
  id: string;
  child: ChildProcess;
  /** The probes' port, from the "controller started" line. */
  port: number;
  log: LogLine[];
  stderr: () => string;
  /** Resolves with the exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string>;
  /** Resolves with the first log line `match` accepts (already logged or still to come). */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** Starts `rampkit controller --id <id> --port 0 <args>` and waits until it logs that it started. */
export async function startController(id: string, args: readonly string[]): Promise<ControllerProcess> {
  const child = spawn(process.execPath, [CLI_BIN, 'controller', '--id', id, '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', RAMPKIT_STORE: undefined } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') log.push(JSON.parse(line) as LogLine);
    for (const waiter of waiters) waiter();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const waiter of waiters) waiter();
    }),
  );
  const waitForLine = (match: (line: LogLine) => boolean, timeoutMs = 30_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = log.find(match);
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`controller ${id} exited before the line awaited\n${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `controller ${id}: no such line within ${timeoutMs}ms\n${JSON.stringify(log)}\n${stderr}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const started = await waitForLine((line) => line.msg === 'controller started');
  return { id, child, port: started.port as number, log, stderr: () => stderr, exited, waitForLine };
}

/**
 * A suite's controllers: `start` starts one as `startController` does and keeps it in `started`;
 * after the suite's tests every one still running is killed (SIGKILL).
 */
export function controllerLauncher(): {
  start: (id: string, args: readonly string[]) => Promise<ControllerProcess>;
  started: ControllerProcess[];
} {
  const started: ControllerProcess[] = [];
  afterAll(() => {
    for (const controller of started) controller.child.kill('SIGKILL');
  });
  const start = async (id: string, args: readonly string[]) => {
    const controller = await startController(id, args);
    started.push(controller);
    return controller;
  };
  return { start, started };
}
