import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Every instance the tests started, so none outlives the run, whatever happens. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const INSTANCE = fileURLToPath(new URL('../redis/fixtures/instance.mjs', import.meta.url));

type Reply = Record<string, unknown> & { error?: string };

/** A child process running test/redis/fixtures/instance.mjs: a RedisStore and a client, over IPC. */
export class InstanceProcess {
  readonly name: string;
  readonly versions: number[] = [];
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: Reply) => void>();
  #nextId = 0;

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.#child = child;
    child.on('message', (message: Reply & { type: string; id?: number; version?: number }) => {
      if (message.type === 'version' && typeof message.version === 'number')
        this.versions.push(message.version);
      if (message.type === 'reply' && message.id !== undefined) {
        this.#pending.get(message.id)?.(message);
        this.#pending.delete(message.id);
      }
    });
  }

  /** Starts an instance and resolves once its client is ready (or reports why not). */
  static spawn(
    name: string,
    env: Record<string, string>,
  ): Promise<{ instance: InstanceProcess; ready: Reply }> {
    const child = fork(INSTANCE, [], {
      env: { ...process.env, ...env, RK_INSTANCE: name },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const instance = new InstanceProcess(name, child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in 15 s`)), 15_000);
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
      });
      child.on('message', (message: Reply & { type: string }) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve({ instance, ready: message });
      });
    });
  }

  /** Sends a command and resolves with the reply; rejects when the instance reports an error. */
  request(message: Record<string, unknown>, timeoutMs = 10_000): Promise<Reply> {
    this.#nextId += 1;
    const id = this.#nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no reply to ${String(message.type)}`)),
        timeoutMs,
      );
      this.#pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${this.name}: ${reply.error}`));
        else resolve(reply);
      });
      this.#child.send({ ...message, id });
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** Asks the instance to close and exit; kills it when it does not within a second. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    await this.request({ type: 'exit' }, 1_000).catch(() => undefined);
    this.#child.kill('SIGKILL');
    await exited;
  }
}

/** Starts `count` instances in parallel. */
export async function spawnInstances(count: number, env: Record<string, string>): Promise<InstanceProcess[]> {
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) => InstanceProcess.spawn(`instance-${i + 1}`, env)),
  );
  return started.map(({ instance }) => instance);
}

export async function stopAll(instances: readonly InstanceProcess[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.stop()));
}

/** Kills every instance still running (for `afterAll`, after a test that failed half-way). */
export function killAllInstances(): void {
  for (const child of running) child.kill('SIGKILL');
}
