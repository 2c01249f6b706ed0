import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { errorMessage, errorStatus } from '@rampkit/core/internal';
import { createRolloutController, type RolloutController, type RolloutStore } from '@rampkit/rollout';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { html, type SafeHtml } from './html/html.js';
import { type LayoutOptions, layout } from './html/layout.js';
import { LiveHub } from './live/live-hub.js';
import { loginBody, messageBody } from './pages/confirm-page.js';
import { registerExperimentRoutes } from './routes/experiment-routes.js';
import { registerFlagRoutes } from './routes/flag-routes.js';
import { registerRolloutRoutes } from './routes/rollout-routes.js';
import type { AccessToken } from './security/access-token.js';
import { SECURITY_HEADERS } from './security/headers.js';
import { isLoopbackHost, isSameOrigin } from './security/origin.js';
import { type Session, SessionTable, sameSecret } from './security/sessions.js';

export interface DashboardOptions {
  store: RolloutStore;
  /** The store as people read it (no password), shown in the header. */
  storeName: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 3100 */
  port?: number;
  /** Required unless `host` is a loopback address. */
  token?: AccessToken;
  /** Who acts when no token signs people in (a dashboard on 127.0.0.1 without --token). */
  localActor?: string;
  /** Serve no action: no form, no POST route. @default false */
  readOnly?: boolean;
  /** How often live pages read the store again, in milliseconds. @default 1000 */
  pollMs?: number;
  /** Most sessions kept. @default 1000 */
  maxSessions?: number;
  /** Most open live streams. @default 64 */
  maxStreams?: number;
  /** Experiment definitions (metrics) by flag key, for the experiments' results. */
  experiments?: ReadonlyMap<string, unknown>;
  /** The clock pages are drawn at (ages, charts' ends, traffic windows). @default Date.now */
  now?: () => number;
  /** Warnings (the store failing, a controller error). */
  onWarning?: (message: string) => void;
}

export interface Dashboard {
  url: string;
  /** The URL that signs a browser in (with the token), to print once. */
  signInUrl: string;
  close(): Promise<void>;
  /** Live streams open now, sessions kept now: bounded, whatever clients send. */
  readonly counts: { streams: number; sessions: number };
}

/** What route modules get: the server's pieces and how to render and guard pages. */
export interface DashboardContext {
  app: FastifyInstance;
  store: RolloutStore;
  controller: RolloutController;
  live: LiveHub;
  readOnly: boolean;
  options: DashboardOptions;
  now: () => number;
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    page: Omit<LayoutOptions, 'actor' | 'readOnly'>,
    code?: number,
  ): FastifyReply;
  session(request: FastifyRequest): Session;
}

const COOKIE = 'rampkit_session';

/**
 * `rampkit dashboard`: a Fastify server of server-rendered pages, live over server-sent events,
 * whose actions call the rollout controller and the flag writes the CLI's commands call.
 * @throws Error when binding a non-loopback address without a token
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host) || host === '::1';
  if (!loopback && options.token === undefined) {
    throw new Error(
      `the dashboard listens on ${host}, beyond this machine: it needs an access token (--token)`,
    );
  }
  const readOnly = options.readOnly ?? false;
  const warn = options.onWarning ?? (() => undefined);
  const sessions = new SessionTable({ max: options.maxSessions ?? 1000 });
  const live = new LiveHub({
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.maxStreams === undefined ? {} : { maxStreams: options.maxStreams }),
    onError: (error, topic) => warn(`live ${topic}: ${errorMessage(error)}`),
  });
  const controller = createRolloutController({
    store: options.store,
    drive: false,
    instanceId: `rampkit-dashboard:${hostname()}:${process.pid}`,
  });
  controller.on('error', (error, id) => warn(`${id === '' ? '' : `rollout ${id}: `}${error.message}`));

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, requestTimeout: 30_000 });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./dashboard/', import.meta.url)),
    prefix: '/assets/',
    index: false,
    list: false,
    cacheControl: false,
  });

  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // The bundle may be kept, but asked about again (ETag) so that an upgrade is seen at once.
    if (request.url.startsWith('/assets/')) reply.header('cache-control', 'no-cache');
    return payload;
  });

  // A page of another site whose name resolves to this loopback address (DNS rebinding) is refused.
  app.addHook('onRequest', async (request, reply) => {
    if (loopback && !isLoopbackHost(request.headers.host)) {
      return reply.code(421).type('text/plain').send('unknown host');
    }
    return undefined;
  });

  const signedIn = (request: FastifyRequest): Session | undefined => {
    const found = sessions.find(request.cookies[COOKIE]);
    if (found !== undefined) return found;
    return undefined;
  };
  const startSession = (reply: FastifyReply, actor: string): Session => {
    const session = sessions.create(actor);
    reply.setCookie(COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'strict', secure: false });
    return session;
  };
  const sessionOf = new WeakMap<FastifyRequest, Session>();

  // Every route but sign-in and the static files needs a session. Without a token (a dashboard on
  // this machine only) a session is made on first sight; the table is bounded either way.
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Unknown routes (every action route in read-only mode) are 404, whatever was sent.
    if (path.startsWith('/assets/') || path === '/login' || request.is404) return undefined;
    let session = signedIn(request);
    if (session === undefined && options.token === undefined) {
      if (request.method !== 'GET') return refuse(reply, 403, 'no session: load the page again');
      session = startSession(reply, options.localActor ?? 'dashboard');
    }
    if (session === undefined) {
      if (request.method === 'GET' && !path.startsWith('/live/')) return reply.redirect('/login', 303);
      return refuse(reply, 401, 'sign in first');
    }
    sessionOf.set(request, session);
    if (request.method === 'POST') {
      if (!isSameOrigin(request.headers))
        return refuse(reply, 403, 'refused: the request does not come from this dashboard (Origin)');
      const body = request.body as Record<string, unknown> | undefined;
      const given = typeof body?._csrf === 'string' ? body._csrf : undefined;
      if (!sameSecret(given, session.csrf))
        return refuse(reply, 403, 'refused: missing or wrong CSRF token; load the page again');
    }
    return undefined;
  });

  const ctx: DashboardContext = {
    app,
    store: options.store,
    controller,
    live,
    readOnly,
    options,
    now: options.now ?? Date.now,
    page(request, reply, page, code = 200) {
      const session = sessionOf.get(request);
      return reply
        .code(code)
        .type('text/html; charset=utf-8')
        .send(
          layout({
            ...page,
            readOnly,
            store: options.storeName,
            ...(session === undefined ? {} : { actor: session.actor }),
          }).value,
        );
    },
    session(request) {
      const session = sessionOf.get(request);
      if (session === undefined) throw new Error('no session: the preHandler runs first');
      return session;
    },
  };

  const refuse = (reply: FastifyReply, code: number, message: string) =>
    reply
      .code(code)
      .type('text/html; charset=utf-8')
      .send(
        layout({ title: `${code}`, section: 'none', body: messageBody(`${code}`, message), readOnly }).value,
      );

  app.get('/', (_request, reply) => reply.redirect('/rollouts', 303));
  app.get('/login', (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    if (options.token !== undefined && typeof token === 'string') {
      if (sameSecret(token, options.token.secret)) {
        startSession(reply, `dashboard:${options.token.name}`);
        return reply.redirect('/rollouts', 303);
      }
      return sendLogin(reply, true, 401);
    }
    return sendLogin(reply, false, 200);
  });
  const sendLogin = (reply: FastifyReply, failed: boolean, code: number) =>
    reply
      .code(code)
      .type('text/html; charset=utf-8')
      .send(layout({ title: 'Sign in', section: 'none', body: loginBody(failed), readOnly }).value);
  app.post('/login', (request, reply) => {
    if (!isSameOrigin(request.headers))
      return refuse(reply, 403, 'refused: the request does not come from this dashboard (Origin)');
    const token = (request.body as Record<string, unknown> | undefined)?.token;
    if (options.token === undefined) return reply.redirect('/rollouts', 303);
    if (typeof token === 'string' && sameSecret(token, options.token.secret)) {
      startSession(reply, `dashboard:${options.token.name}`);
      return reply.redirect('/rollouts', 303);
    }
    return sendLogin(reply, true, 401);
  });

  registerRolloutRoutes(ctx);
  registerFlagRoutes(ctx);
  registerExperimentRoutes(ctx);

  app.setNotFoundHandler((request, reply) =>
    ctx.page(
      request,
      reply,
      { title: 'Not found', section: 'none', body: messageBody('Not found', html`Nothing here.`) },
      404,
    ),
  );
  app.setErrorHandler((error, request, reply) => {
    const message = errorMessage(error);
    warn(`${request.method} ${request.url}: ${message}`);
    const code = errorStatus(error) ?? 500;
    return refuse(
      reply,
      code >= 400 && code < 600 ? code : 500,
      code < 500 ? message : 'the dashboard failed to answer; see its log',
    );
  });

  await app.listen({ host, port: options.port ?? 3100 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 3100);
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    signInUrl:
      options.token === undefined ? url : `${url}/login?token=${encodeURIComponent(options.token.secret)}`,
    counts: {
      get streams() {
        return live.streams;
      },
      get sessions() {
        return sessions.size;
      },
    },
    async close() {
      live.close();
      await app.close();
      await controller.close();
    },
  };
}

export type { SafeHtml };
