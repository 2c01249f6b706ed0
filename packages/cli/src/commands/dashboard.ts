import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';

const DEFAULT_PORT = 3100;

/** `dashboard`: serves until interrupted (SIGINT/SIGTERM), then exits 0 like `controller`. */
export const dashboard: Command = {
  spec: {
    path: ['dashboard'],
    args: [],
    summary: 'a live web UI for rollouts, flags and experiments, served from the store',
    details:
      'Serves pages on 127.0.0.1 (only this machine) that follow the rollouts as they move, with their\n' +
      'steps, per-arm charts, verdicts and history; the flags with their rules, splits, traffic and\n' +
      "audit log; the experiments. Actions (pause, approve, roll back, a flag's split or kill switch)\n" +
      'do what the matching commands do, after a confirmation, and name their actor in the audit log.\n' +
      'Listening on another address (--host) needs an access token: --token name:secret or\n' +
      'RAMPKIT_DASHBOARD_TOKEN; its name is the actor. --read-only serves no action at all.',
    options: {
      port: {
        type: 'string',
        short: 'p',
        placeholder: 'n',
        description: `port to listen on, 0 for any free one (default: ${DEFAULT_PORT})`,
      },
      host: {
        type: 'string',
        placeholder: 'address',
        description: 'address to listen on (default: 127.0.0.1); any other needs --token',
      },
      token: {
        type: 'string',
        placeholder: 'name:secret',
        description: 'sign-in token (or RAMPKIT_DASHBOARD_TOKEN); its name is the actor in the audit log',
      },
      'read-only': { type: 'boolean', description: 'show everything, change nothing (no action is served)' },
      experiments: {
        type: 'string',
        placeholder: 'file',
        description: "experiments' metrics (JSON/YAML: key → definition) to show their results",
      },
    },
    store: 'required',
    examples: [
      'rampkit dashboard --store redis://127.0.0.1:6379',
      'rampkit dashboard --store file:flags.json --read-only --port 8080',
      'RAMPKIT_DASHBOARD_TOKEN=alice:$(openssl rand -hex 16) rampkit dashboard --host 0.0.0.0 --store redis://redis:6379',
    ],
  },

  async run(ctx) {
    const portText = ctx.string('port');
    const port = portText === undefined ? DEFAULT_PORT : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(
        `${ctx.name}: --port must be a port number (0 to 65535), got ${JSON.stringify(portText)}`,
        ctx.name,
      );
    }
    const host = ctx.string('host') ?? '127.0.0.1';
    const tokenText = ctx.string('token') ?? ctx.out.io.env.RAMPKIT_DASHBOARD_TOKEN;
    // The server, its pages and Fastify load here, not with every command line.
    const { parseAccessToken } = await import('../dashboard/security/access-token.js');
    const { isLoopbackHost } = await import('../dashboard/security/origin.js');
    let token: Exclude<ReturnType<typeof parseAccessToken>, string> | undefined;
    if (tokenText !== undefined && tokenText !== '') {
      const parsed = parseAccessToken(tokenText);
      if (typeof parsed === 'string') throw new UsageError(`${ctx.name}: --token: ${parsed}`, ctx.name);
      token = parsed;
      ctx.out.addSecrets([parsed.secret]);
    }
    if (token === undefined && !isLoopbackHost(host) && host !== '::1') {
      throw new UsageError(
        `${ctx.name}: --host ${host} lets other machines in: give an access token (--token name:secret or RAMPKIT_DASHBOARD_TOKEN)`,
        ctx.name,
      );
    }
    const experimentsFile = ctx.string('experiments');
    const experiments =
      experimentsFile === undefined ? undefined : await readExperiments(ctx, experimentsFile);
    const { store, location } = await ctx.store();
    const { startDashboard } = await import('../dashboard/server.js');
    const server = await startDashboard({
      store,
      storeName: location.display,
      host,
      port,
      readOnly: ctx.flag('read-only'),
      localActor: `dashboard:${ctx.actor.replace(/^cli:/, '')}`,
      ...(token === undefined ? {} : { token }),
      ...(experiments === undefined ? {} : { experiments }),
      onWarning: (message) => ctx.out.error(`warning: ${message}`),
    });
    ctx.out.line(
      `dashboard  ${server.url}  (${location.display}${ctx.flag('read-only') ? ', read-only' : ''})`,
    );
    if (token !== undefined) ctx.out.line(`sign in    ${server.signInUrl}`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return EXIT.ok;
  },
};

async function readExperiments(
  ctx: Parameters<Command['run']>[0],
  file: string,
): Promise<Map<string, unknown>> {
  const { parseStructured, readInput } = await import('./input.js');
  const parsed = parseStructured(await readInput(file, ctx.out.io, ctx.name), ctx.name);
  const entries: Array<[string, unknown]> = Array.isArray(parsed)
    ? parsed.map((definition, index) => {
        const key = (definition as { key?: unknown } | null)?.key;
        if (typeof key !== 'string')
          throw new UsageError(
            `${ctx.name}: ${file}: [${index}].key must be the experiment's flag key`,
            ctx.name,
          );
        return [key, definition];
      })
    : typeof parsed === 'object' && parsed !== null
      ? Object.entries(parsed)
      : [];
  if (entries.length === 0)
    throw new UsageError(`${ctx.name}: ${file} must hold experiments: a list, or an object by key`, ctx.name);
  return new Map(entries);
}
