import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisAvailable } from './redis.js';

/** Every server process the tests started, so none outlives the test run, whatever happens. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A free TCP port on the loopback interface (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A redis-server of the test's own on a loopback port, never the shared one. It writes an
 * append-only file synced on every write, so a SIGKILL and restart keeps every acknowledged write,
 * as a production Redis with persistence would.
 */
export class RedisServerProcess {
  readonly port: number;
  readonly dir: string;
  readonly #extraArgs: string[];
  #child: ChildProcess | undefined;

  private constructor(port: number, dir: string, extraArgs: string[]) {
    this.port = port;
    this.dir = dir;
    this.#extraArgs = extraArgs;
  }

  static async start(extraArgs: string[] = []): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'rk-redis-')),
      extraArgs,
    );
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, after `kill`) and waits until it answers. */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        ...this.#extraArgs,
      ],
      { stdio: 'ignore' },
    );
    running.add(child);
    child.once('exit', () => running.delete(child));
    this.#child = child;
    await waitFor(() => redisAvailable(this.url, 200), `redis-server on port ${this.port}`);
  }

  /** Kills the server (SIGKILL by default: no clean shutdown) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function redisCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('redis-cli', args, { timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`redis-cli ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

/**
 * A local Redis Cluster of three masters (no replicas) on loopback ports, created with
 * `redis-cli --cluster create`, ready when every node reports `cluster_state:ok`.
 */
export class LocalRedisCluster {
  readonly servers: RedisServerProcess[];

  private constructor(servers: RedisServerProcess[]) {
    this.servers = servers;
  }

  static async start(masters = 3): Promise<LocalRedisCluster> {
    const servers: RedisServerProcess[] = [];
    const cluster = new LocalRedisCluster(servers);
    try {
      for (let i = 0; i < masters; i += 1) {
        servers.push(
          await RedisServerProcess.start([
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            '2000',
            '--appendfsync',
            'everysec',
          ]),
        );
      }
      await redisCli([
        '--cluster',
        'create',
        ...servers.map((server) => `127.0.0.1:${server.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      for (const server of servers) {
        await waitFor(
          async () =>
            (await redisCli(['-p', String(server.port), 'cluster', 'info'])).includes('cluster_state:ok'),
          `cluster_state:ok on port ${server.port}`,
          20_000,
        );
      }
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get nodes(): Array<{ host: string; port: number }> {
    return this.servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
  }
}

/**
 * A master, one replica and one Sentinel (quorum 1, a master is down after 500 ms), all on
 * loopback ports, ready when the Sentinel knows the replica and the replica is in sync.
 */
export class LocalRedisSentinel {
  static readonly masterName = 'rampkit-test';
  readonly master: RedisServerProcess;
  readonly replica: RedisServerProcess;
  readonly sentinelPort: number;
  readonly #sentinel: ChildProcess;
  readonly #dir: string;

  private constructor(
    master: RedisServerProcess,
    replica: RedisServerProcess,
    sentinelPort: number,
    sentinel: ChildProcess,
    dir: string,
  ) {
    this.master = master;
    this.replica = replica;
    this.sentinelPort = sentinelPort;
    this.#sentinel = sentinel;
    this.#dir = dir;
  }

  static async start(): Promise<LocalRedisSentinel> {
    const master = await RedisServerProcess.start();
    const replica = await RedisServerProcess.start(['--replicaof', '127.0.0.1', String(master.port)]);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'rk-sentinel-'));
    // Sentinel rewrites its configuration file, so it gets one of its own.
    const config = join(dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${LocalRedisSentinel.masterName} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${LocalRedisSentinel.masterName} 500`,
        `sentinel failover-timeout ${LocalRedisSentinel.masterName} 5000`,
        '',
      ].join('\n'),
    );
    const sentinel = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
    running.add(sentinel);
    sentinel.once('exit', () => running.delete(sentinel));
    const setup = new LocalRedisSentinel(master, replica, port, sentinel, dir);
    await waitFor(async () => {
      const replicas = await redisCli([
        '-p',
        String(port),
        'sentinel',
        'replicas',
        LocalRedisSentinel.masterName,
      ]).catch(() => '');
      const link = await redisCli(['-p', String(replica.port), 'info', 'replication']).catch(() => '');
      return replicas.includes(String(replica.port)) && link.includes('master_link_status:up');
    }, 'the Sentinel to know the replica, and the replica to be in sync');
    return setup;
  }

  /** ioredis options for a client that finds the master through the Sentinel. */
  get redisOptions(): { sentinels: { host: string; port: number }[]; name: string } {
    return {
      sentinels: [{ host: '127.0.0.1', port: this.sentinelPort }],
      name: LocalRedisSentinel.masterName,
    };
  }

  /** The port of the server the Sentinel currently names master. */
  async masterPort(): Promise<number> {
    const reply = await redisCli([
      '-p',
      String(this.sentinelPort),
      'sentinel',
      'get-master-addr-by-name',
      LocalRedisSentinel.masterName,
    ]);
    return Number(reply.trim().split('\n')[1]);
  }

  async stop(): Promise<void> {
    this.#sentinel.kill('SIGKILL');
    await Promise.all([this.master.stop(), this.replica.stop()]);
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
