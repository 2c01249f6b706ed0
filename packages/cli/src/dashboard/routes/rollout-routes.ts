import {
  isFrozenError,
  isInvalidTransitionError,
  isRolloutActiveError,
  isRolloutNotFoundError,
} from '@rampkit/rollout';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildReport } from '../../report/report-data.js';
import { rolloutAction } from '../actions/rollout-actions.js';
import { html } from '../html/html.js';
import { confirmPageBody, messageBody } from '../pages/confirm-page.js';
import { rolloutListBody, rolloutTable } from '../pages/rollout-list.js';
import { type RolloutRegions, rolloutPageBody, rolloutRegions } from '../pages/rollout-page.js';
import type { DashboardContext } from '../server.js';

/** Longest reason kept, in characters (the form says so too). */
const MAX_REASON = 500;

/** The rollouts list, a rollout's page, their live streams, and (unless read-only) the actions. */
export function registerRolloutRoutes(ctx: DashboardContext): void {
  const { app, controller, store, live } = ctx;
  const listTable = async () => rolloutTable(await controller.list(), ctx.now());
  const regionsOf = async (id: string): Promise<RolloutRegions> => {
    const status = await controller.status(id);
    const now = ctx.now();
    const report = await buildReport({ status, history: await controller.history(id), metrics: store, now });
    return rolloutRegions(report, { readOnly: ctx.readOnly, now });
  };
  const fragments = async (id: string) =>
    Object.fromEntries(Object.entries(await regionsOf(id)).map(([name, region]) => [name, region.value]));
  const notFound = (request: FastifyRequest, reply: FastifyReply, id: string) =>
    ctx.page(
      request,
      reply,
      {
        title: 'No such rollout',
        section: 'rollouts',
        body: messageBody('No such rollout', html`No rollout “${id}” in this store.`, {
          href: '/rollouts',
          label: 'All rollouts',
        }),
      },
      404,
    );

  app.get<{ Querystring: { q?: string } }>('/rollouts', async (request, reply) => {
    const query = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
    return ctx.page(request, reply, {
      title: 'Rollouts',
      section: 'rollouts',
      body: rolloutListBody(rolloutTable(await controller.list(), ctx.now(), query), query),
    });
  });

  app.get('/live/rollouts', (_request, reply) => {
    const opened = live.open('rollouts', async () => ({ rollouts: (await listTable()).value }), reply.raw);
    if (!opened) return reply.code(503).type('text/plain').send('too many live streams');
    return reply.hijack();
  });

  app.get<{ Params: { id: string } }>('/rollouts/:id', async (request, reply) => {
    const { id } = request.params;
    try {
      const regions = await regionsOf(id);
      return ctx.page(request, reply, { title: id, section: 'rollouts', body: rolloutPageBody(id, regions) });
    } catch (error) {
      if (isRolloutNotFoundError(error)) return notFound(request, reply, id);
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/live/rollouts/:id', async (request, reply) => {
    const { id } = request.params;
    try {
      await controller.status(id);
    } catch (error) {
      if (isRolloutNotFoundError(error)) return reply.code(404).type('text/plain').send('no such rollout');
      throw error;
    }
    const opened = live.open(`rollout:${id}`, () => fragments(id), reply.raw);
    if (!opened) return reply.code(503).type('text/plain').send('too many live streams');
    return reply.hijack();
  });

  // Read-only: no confirmation page and no POST route exist at all (404).
  if (ctx.readOnly) return;

  app.get<{ Params: { id: string; action: string } }>(
    '/rollouts/:id/actions/:action',
    async (request, reply) => {
      const { id, action: name } = request.params;
      const action = rolloutAction(name);
      if (action === undefined) return reply.callNotFound();
      try {
        const status = await controller.status(id);
        const session = ctx.session(request);
        return ctx.page(request, reply, {
          title: `${action.label} ${id}`,
          section: 'rollouts',
          body: confirmPageBody(status, name, action, session.csrf, session.actor),
        });
      } catch (error) {
        if (isRolloutNotFoundError(error)) return notFound(request, reply, id);
        throw error;
      }
    },
  );

  app.post<{ Params: { id: string; action: string }; Body: Record<string, unknown> }>(
    '/rollouts/:id/actions/:action',
    async (request, reply) => {
      const { id, action: name } = request.params;
      const action = rolloutAction(name);
      if (action === undefined) return reply.callNotFound();
      const session = ctx.session(request);
      const reasonText = typeof request.body?.reason === 'string' ? request.body.reason.trim() : '';
      if (reasonText.length > MAX_REASON) {
        return ctx.page(
          request,
          reply,
          {
            title: 'Reason too long',
            section: 'rollouts',
            body: messageBody(
              'Reason too long',
              `The reason must be at most ${MAX_REASON} characters, got ${reasonText.length}.`,
              { href: `/rollouts/${encodeURIComponent(id)}/actions/${name}`, label: 'Back' },
            ),
          },
          400,
        );
      }
      try {
        await action.run(controller, id, {
          by: session.actor,
          ...(reasonText === '' ? {} : { reason: reasonText }),
        });
      } catch (error) {
        if (isRolloutNotFoundError(error)) return notFound(request, reply, id);
        if (isInvalidTransitionError(error) || isFrozenError(error) || isRolloutActiveError(error)) {
          return ctx.page(
            request,
            reply,
            {
              title: `${action.label} refused`,
              section: 'rollouts',
              body: messageBody(`${action.label} refused`, error.message, {
                href: `/rollouts/${encodeURIComponent(id)}`,
                label: `Back to ${id}`,
              }),
            },
            409,
          );
        }
        throw error;
      }
      void live.refresh();
      return reply.redirect(`/rollouts/${encodeURIComponent(id)}`, 303);
    },
  );
}
