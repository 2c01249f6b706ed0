import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { parseStoreUrl } from '../store/store-url.js';

/**
 * `demo`: exits 0 when the story ended as told (one canary promoted, one rolled back, one experiment
 * shipped, one withheld), else 1.
 */
export const demo: Command = {
  spec: {
    path: ['demo'],
    args: [],
    summary: 'the whole story in one process: an app, traffic, a promoted and a rolled-back canary',
    details:
      'Starts an Express app on 127.0.0.1 with Rampkit middleware, sends it traffic from many users, and\n' +
      'runs two rollouts with time-compressed holds: a healthy canary ramped 5 → 25 → 50 → 100, then a\n' +
      'broken one the controller rolls back on its own. Then two A/B tests on the same app: a winner\n' +
      'shipped with its guardrail held, and a split changed mid-test that the sample-ratio check\n' +
      'catches. Ends with a summary and an HTML report.\n' +
      'Needs nothing else (an in-memory store); --redis runs the same against Redis.',
    options: {
      redis: {
        type: 'string',
        placeholder: 'url',
        description: 'use this Redis instead of memory (keys under a private prefix, removed after)',
      },
      'time-scale': {
        type: 'string',
        placeholder: 'n',
        description: 'simulated seconds per real second (default: 10; the demo takes about a minute)',
      },
      fast: { type: 'boolean', description: 'time scale 60: the demo takes about 20 seconds' },
      rps: {
        type: 'string',
        placeholder: 'n',
        description: 'requests per second of the traffic generator (default: 400)',
      },
      users: {
        type: 'string',
        placeholder: 'n',
        description: 'distinct users sending traffic (default: 5000)',
      },
      output: {
        type: 'string',
        short: 'o',
        placeholder: 'file',
        description: 'report file (default: rampkit-demo-report.html)',
      },
      dashboard: {
        type: 'boolean',
        description: 'serve the dashboard on the demo (127.0.0.1:3100), open until Ctrl-C',
      },
    },
    store: 'none',
    examples: [
      'rampkit demo',
      'rampkit demo --redis redis://127.0.0.1:6379',
      'rampkit demo --fast -o /tmp/report.html',
      'rampkit demo --dashboard',
    ],
  },

  async run(ctx) {
    const redis = ctx.string('redis');
    if (redis !== undefined) {
      const location = parseStoreUrl(redis, ctx.out.io.cwd);
      if (location.kind !== 'redis')
        throw new UsageError(`${ctx.name}: --redis needs a redis:// or rediss:// URL`, ctx.name);
      ctx.out.addSecrets(location.secrets);
    }
    const timeScale = ctx.number('time-scale') ?? (ctx.flag('fast') ? 60 : 10);
    const rps = ctx.number('rps');
    const users = ctx.number('users');
    const output = ctx.string('output');
    // Express, the demo's app and the report renderer load here, not with every command line.
    const { runDemo } = await import('../demo/run-demo.js');
    const result = await runDemo({
      out: ctx.out,
      timeScale,
      signal: ctx.signal,
      ...(redis === undefined ? {} : { redisUrl: redis }),
      ...(rps === undefined ? {} : { rps }),
      ...(users === undefined ? {} : { users: Math.round(users) }),
      ...(output === undefined ? {} : { reportPath: output }),
      ...(ctx.flag('dashboard') ? { dashboard: true } : {}),
    });
    if (ctx.out.json) ctx.out.data(result);
    if (ctx.signal.aborted) return EXIT.interrupted;
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
