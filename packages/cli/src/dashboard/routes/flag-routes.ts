import {
  type AuditEntry,
  type FlagDefinition,
  isAuditLog,
  isConflictError,
  isInvalidConfigError,
  isTrackedFlag,
} from '@rampkit/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { updateFlag, withEnabled } from '../../commands/flags-common.js';
import { CliError } from '../../program/errors.js';
import { parseWeights } from '../actions/weights.js';
import { html, type SafeHtml } from '../html/html.js';
import { messageBody } from '../pages/confirm-page.js';
import { flagListBody } from '../pages/flag-list.js';
import { diffOf, flagPageBody, trafficOf } from '../pages/flag-page.js';
import type { DashboardContext } from '../server.js';

/** The flag page's traffic: requests per variation over this long. */
const TRAFFIC_WINDOW_MS = 60_000;
const HISTORY_SHOWN = 20;
const MAX_REASON = 500;

type Body = Record<string, unknown>;

/** The flags list, a flag's page and its live traffic, and (unless read-only) its two edits. */
export function registerFlagRoutes(ctx: DashboardContext): void {
  const { app, store, live } = ctx;
  const audit = async (query: { flag?: string; limit?: number }): Promise<AuditEntry[]> =>
    isAuditLog(store) ? store.readAudit(query) : [];
  const traffic = async (key: string): Promise<SafeHtml> => {
    const now = ctx.now();
    const [arms, snapshot] = await Promise.all([
      store.readMetrics({ flagKey: key, from: now - TRAFFIC_WINDOW_MS, to: now }),
      store.loadConfig(),
    ]);
    const flag = snapshot?.config.flags.find((candidate) => candidate.key === key);
    return trafficOf(
      arms.map((arm) => ({ variation: arm.variation, requests: arm.requests, errors: arm.errors })),
      TRAFFIC_WINDOW_MS,
      flag !== undefined && isTrackedFlag(flag),
    );
  };
  const showFlag = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    notice?: { kind: 'ok' | 'error'; body: SafeHtml },
    code = 200,
  ) => {
    const snapshot = await store.loadConfig();
    const flag = snapshot?.config.flags.find((candidate) => candidate.key === key);
    if (snapshot === null || flag === undefined) {
      return ctx.page(
        request,
        reply,
        {
          title: 'No such flag',
          section: 'flags',
          body: messageBody('No such flag', html`No flag “${key}” in this store.`, {
            href: '/flags',
            label: 'All flags',
          }),
        },
        404,
      );
    }
    return ctx.page(
      request,
      reply,
      {
        title: key,
        section: 'flags',
        body: flagPageBody({
          flag,
          snapshot,
          history: await audit({ flag: key, limit: HISTORY_SHOWN }),
          traffic: await traffic(key),
          ...(ctx.readOnly ? {} : { csrf: ctx.session(request).csrf }),
          ...(notice === undefined ? {} : { notice }),
        }),
      },
      code,
    );
  };

  app.get<{ Querystring: { q?: string } }>('/flags', async (request, reply) => {
    const snapshot = await store.loadConfig();
    const flags = snapshot?.config.flags ?? [];
    const lastChange = new Map<string, AuditEntry>();
    // Newest first: the first entry naming a flag is its last change.
    for (const entry of await audit({ limit: 200 })) {
      for (const change of entry.changes) {
        if (change.kind === 'flag' && !lastChange.has(change.key)) lastChange.set(change.key, entry);
      }
    }
    const query = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
    return ctx.page(request, reply, {
      title: 'Flags',
      section: 'flags',
      body: flagListBody(flags, lastChange, query),
    });
  });

  app.get<{ Params: { key: string } }>('/flags/:key', (request, reply) =>
    showFlag(request, reply, request.params.key),
  );

  app.get<{ Params: { key: string } }>('/live/flags/:key', (request, reply) => {
    const { key } = request.params;
    const opened = live.open(`flag:${key}`, async () => ({ traffic: (await traffic(key)).value }), reply.raw);
    if (!opened) return reply.code(503).type('text/plain').send('too many live streams');
    return reply.hijack();
  });

  if (ctx.readOnly) return;

  /**
   * One edit through the CLI's compare-and-set (`updateFlag`) against the version the page showed:
   * a configuration changed since is shown, with what changed, and nothing is written.
   */
  const edit = async (
    request: FastifyRequest<{ Params: { key: string }; Body: Body }>,
    reply: FastifyReply,
    action: string,
    change: (flag: FlagDefinition) => FlagDefinition,
  ) => {
    const { key } = request.params;
    const body = request.body ?? {};
    const version = Number(body.version);
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!Number.isSafeInteger(version) || version < 0) {
      return showFlag(
        request,
        reply,
        key,
        { kind: 'error', body: html`The form carries no configuration version; load the page again.` },
        400,
      );
    }
    if (reason.length > MAX_REASON) {
      return showFlag(
        request,
        reply,
        key,
        {
          kind: 'error',
          body: html`The reason must be at most ${MAX_REASON} characters, got ${reason.length}.`,
        },
        400,
      );
    }
    const session = ctx.session(request);
    try {
      const { snapshot, changed } = await updateFlag(
        store,
        'this store',
        key,
        { actor: session.actor, action, ...(reason === '' ? {} : { reason }) },
        change,
        { expectedVersion: version },
      );
      void live.refresh();
      return showFlag(request, reply, key, {
        kind: 'ok',
        body: changed ? html`Saved: configuration version ${snapshot.version}.` : html`Nothing to change.`,
      });
    } catch (error) {
      if (isConflictError(error)) {
        return showFlag(
          request,
          reply,
          key,
          { kind: 'error', body: await conflictNotice(version, error.actualVersion) },
          409,
        );
      }
      if (isInvalidConfigError(error)) {
        return showFlag(request, reply, key, { kind: 'error', body: html`Not saved: ${error.message}` }, 400);
      }
      if (error instanceof CliError) {
        return ctx.page(
          request,
          reply,
          { title: 'No such flag', section: 'flags', body: messageBody('No such flag', error.message) },
          404,
        );
      }
      throw error;
    }
  };

  const conflictNotice = async (seen: number, now: number): Promise<SafeHtml> => {
    const since = (await audit({ limit: 50 })).filter((entry) => entry.toVersion > seen).reverse();
    return html`<p><b>Not saved: the configuration changed since you loaded this page</b> (version ${seen} → ${now}). Your edit was not applied; nothing was overwritten. The page now shows the current values: make your change again if it still holds.</p>
${since.map((entry) => html`<p>${new Date(entry.at).toISOString()} <b>${entry.actor}</b> ${entry.action}${entry.reason === undefined ? '' : html`: “${entry.reason}”`}</p>${diffOf(entry)}`)}`;
  };

  app.post<{ Params: { key: string }; Body: Body }>('/flags/:key/enabled', (request, reply) => {
    const enabled = request.body?.enabled === 'true';
    return edit(request, reply, enabled ? 'flags.enable' : 'flags.disable', (flag) =>
      withEnabled(flag, enabled),
    );
  });

  app.post<{ Params: { key: string }; Body: Body }>('/flags/:key/weights', (request, reply) => {
    const parsed = parseWeights(request.body ?? {});
    if (typeof parsed === 'string') {
      return showFlag(
        request,
        reply,
        request.params.key,
        { kind: 'error', body: html`Not saved: ${parsed}` },
        400,
      );
    }
    return edit(request, reply, 'flags.weights', (flag) => {
      const split = flag.fallthrough.split;
      if (split === undefined) return flag;
      const weights = split.weights.map((entry) => ({
        variation: entry.variation,
        weight: parsed.get(entry.variation) ?? entry.weight,
      }));
      if (weights.every((entry, i) => entry.weight === split.weights[i]?.weight)) return flag;
      return {
        ...flag,
        fallthrough: { ...flag.fallthrough, split: { ...split, weights } },
        version: (flag.version ?? 1) + 1,
      };
    });
  });
}
