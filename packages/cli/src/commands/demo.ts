import { runDemo } from '../demo/run-demo.js';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { parseStoreUrl } from '../store/store-url.js';

/** `demo`: exits 0 when the story ended as told (one promoted, one rolled back), else 1. */
export async function demo(ctx: CommandContext): Promise<number> {
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
  const result = await runDemo({
    out: ctx.out,
    timeScale,
    signal: ctx.signal,
    ...(redis === undefined ? {} : { redisUrl: redis }),
    ...(rps === undefined ? {} : { rps }),
    ...(users === undefined ? {} : { users: Math.round(users) }),
    ...(output === undefined ? {} : { reportPath: output }),
  });
  if (ctx.out.json) ctx.out.data(result);
  if (ctx.signal.aborted) return EXIT.interrupted;
  return result.ok ? EXIT.ok : EXIT.failed;
}
