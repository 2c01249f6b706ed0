import { isExperimentDataStore } from '@rampkit/core';
import { experimentFlags, unitsPerArm } from '../../experiment/experiment-flags.js';
import type { TrackedDefinitionInput } from '../../experiment/tracked-report.js';
import { EXPERIMENT_STYLE, experimentSection } from '../../report/experiment-html.js';
import { html, raw } from '../html/html.js';
import { messageBody } from '../pages/confirm-page.js';
import { experimentListBody } from '../pages/experiment-list.js';
import type { DashboardContext } from '../server.js';

/**
 * Experiments: the flags that split units between arms, with their units per arm; and, for those
 * whose metrics were given (`--experiments`), the read `rampkit experiment report` makes: lifts
 * with intervals per metric, the sample-ratio check, the decision.
 */
export function registerExperimentRoutes(ctx: DashboardContext): void {
  const { app, store } = ctx;
  const definitions = ctx.options.experiments ?? new Map<string, unknown>();

  app.get('/styles/experiment.css', (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(EXPERIMENT_STYLE),
  );

  app.get('/experiments', async (request, reply) => {
    const snapshot = await store.loadConfig();
    const flags = experimentFlags(snapshot?.config);
    const rows = await Promise.all(
      flags.map(async (flag) => ({
        flag,
        units: isExperimentDataStore(store)
          ? unitsPerArm(flag.arms, await store.readExperimentUnits(flag.key))
          : null,
        defined: definitions.has(flag.key),
      })),
    );
    return ctx.page(request, reply, {
      title: 'Experiments',
      section: 'experiments',
      body: experimentListBody(rows),
    });
  });

  app.get<{ Params: { key: string } }>('/experiments/:key', async (request, reply) => {
    const { key } = request.params;
    const snapshot = await store.loadConfig();
    const flag = experimentFlags(snapshot?.config).find((candidate) => candidate.key === key);
    const definition = definitions.get(key);
    if (flag === undefined || definition === undefined || !isExperimentDataStore(store)) {
      const why =
        flag === undefined
          ? html`No experiment “${key}” in this store.`
          : !isExperimentDataStore(store)
            ? html`This store keeps no tracked units (a flags file keeps flags only).`
            : html`Its metrics are not known to this dashboard: start it with <code>--experiments file</code> holding “${key}”'s definition (as <code>rampkit experiment report --definition</code> takes it).`;
      return ctx.page(
        request,
        reply,
        {
          title: key,
          section: 'experiments',
          body: messageBody(key, why, { href: '/experiments', label: 'All experiments' }),
        },
        404,
      );
    }
    const { reportFromTracking, trackedDefinition } = await import('../../experiment/tracked-report.js');
    const read = trackedDefinition(flag, definition as TrackedDefinitionInput, '--experiments');
    const report = reportFromTracking(read.definition, await store.readExperimentUnits(key), {
      denominators: read.denominators,
      source: 'the store',
      generatedAt: ctx.now(),
    });
    return ctx.page(request, reply, {
      title: key,
      section: 'experiments',
      // The report's renderer escapes every value it prints (report/svg-chart.ts escapeXml).
      body: html`<link rel="stylesheet" href="/styles/experiment.css"><div class="experiment-report" data-testid="experiment">${raw(experimentSection(report))}</div>`,
    });
  });
}
