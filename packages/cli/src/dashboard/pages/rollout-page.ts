import type { RolloutStatus } from '@rampkit/rollout';
import { count, duration, elapsed, rate, weight } from '../../format/format.js';
import { describeDriver, describePosition, isFinished } from '../../progress/describe.js';
import type { ReportData } from '../../report/report-data.js';
import { ROLLOUT_ACTIONS, type RolloutActionName } from '../actions/rollout-actions.js';
import { html, type SafeHtml } from '../html/html.js';
import { chartsOf } from './rollout-charts.js';

/** How many verdicts and history entries the page shows, newest first. */
const SHOWN = 30;

/** The regions of a rollout's page, each replaced on its own when its content changes. */
export type RolloutRegions = Record<
  'summary' | 'actions' | 'steps' | 'charts' | 'verdicts' | 'history',
  SafeHtml
>;

/**
 * The page's body: live regions the server replaces as the rollout moves. Each is its own event,
 * so a button is not replaced under the pointer because a chart moved.
 */
export function rolloutPageBody(id: string, regions: RolloutRegions): SafeHtml {
  return html`<div hx-ext="sse" sse-connect="/live/rollouts/${encodeURIComponent(id)}">
<div sse-swap="summary">${regions.summary}</div>
<div sse-swap="actions">${regions.actions}</div>
<section aria-labelledby="steps-title"><h2 id="steps-title">Steps</h2><div sse-swap="steps">${regions.steps}</div></section>
<section aria-labelledby="charts-title"><h2 id="charts-title">Arms per interval</h2><div sse-swap="charts">${regions.charts}</div></section>
<section aria-labelledby="verdicts-title"><h2 id="verdicts-title">Verdicts</h2><div sse-swap="verdicts">${regions.verdicts}</div></section>
<section aria-labelledby="history-title"><h2 id="history-title">History</h2><div sse-swap="history">${regions.history}</div></section>
</div>`;
}

/** Everything the page shows of a rollout, rendered again for each live update. */
export function rolloutRegions(
  report: ReportData,
  options: { readOnly: boolean; now: number },
): RolloutRegions {
  const status = report.rollout;
  return {
    summary: html`<section class="summary" aria-labelledby="rollout-title">
<h1 id="rollout-title">${status.id} <span class="badge ${status.status}" data-testid="rollout-status">${status.status}</span></h1>
<p class="position" data-testid="rollout-position">${describePosition(status)}</p>
<dl class="facts">
<dt>Flag</dt><dd><a href="/flags/${encodeURIComponent(status.flag)}">${status.flag}</a>: canary “${status.canary}” vs stable “${status.stable}” (${status.strategy})</dd>
<dt>Why</dt><dd>${status.reason}</dd>
${status.blockedBy === undefined ? '' : html`<dt>Waiting</dt><dd>${status.blockedBy.kind}: ${status.blockedBy.detail}</dd>`}
${driverFacts(status, options.now)}
<dt>Started</dt><dd>${new Date(status.createdAt).toISOString()} (attempt ${status.attempt})${status.finishedAt === undefined ? '' : `, ended ${new Date(status.finishedAt).toISOString()}`}</dd>
</dl>
</section>`,
    actions: options.readOnly ? html`` : actionBar(status),
    steps: stepTimeline(status, options.now),
    charts: chartsOf(report),
    verdicts: verdictList(report),
    history: historyList(report),
  };
}

function driverFacts(status: RolloutStatus, now: number): SafeHtml {
  const driver = describeDriver(status, now);
  return driver === null ? html`` : html`<dt>Driver</dt><dd>${driver}</dd>`;
}

function actionBar(status: RolloutStatus): SafeHtml {
  const names = (Object.keys(ROLLOUT_ACTIONS) as RolloutActionName[]).filter((name) =>
    ROLLOUT_ACTIONS[name].offered(status),
  );
  if (names.length === 0) return html``;
  const links = names.map(
    (name) =>
      html`<a class="button ${name === 'rollback' || name === 'abort' ? 'danger' : ''}" href="/rollouts/${encodeURIComponent(status.id)}/actions/${name}" data-action="${name}">${ROLLOUT_ACTIONS[name].label}</a>`,
  );
  return html`<nav class="actions" aria-label="actions">${links}</nav>`;
}

function stepTimeline(status: RolloutStatus, now: number): SafeHtml {
  const steps = status.plan.steps.map((step, index) => {
    const state =
      index < status.step.index || status.status === 'promoted'
        ? 'done'
        : index === status.step.index && !isFinished(status)
          ? 'current'
          : 'pending';
    const notes: string[] = [];
    if (step.holdMs > 0) notes.push(`hold ${duration(step.holdMs)}`);
    if (step.approval) notes.push('needs approval');
    if (step.analysis !== null) notes.push('analysed');
    if (state === 'current' && status.step.holdUntil !== null && status.step.holdUntil > now) {
      notes.push(`hold ends in ${duration(status.step.holdUntil - now)}`);
    }
    if (state === 'current' && status.phase === 'approval') notes.push('waiting for approval');
    return html`<li class="step ${state}"${state === 'current' ? html` aria-current="step"` : ''}><span class="weight">${weight(step.weight)}</span> <span class="notes">${notes.join(' · ')}</span></li>`;
  });
  return html`<ol class="timeline" data-testid="steps">${steps}</ol>`;
}

function verdictList(report: ReportData): SafeHtml {
  if (report.verdicts.length === 0) return html`<p class="empty">No analysis yet.</p>`;
  const { createdAt } = report.rollout;
  const items = report.verdicts
    .slice(-SHOWN)
    .reverse()
    .map((verdict) => {
      // Skipped checks had nothing to judge; listing them would only bury the ones that did.
      const checks = verdict.checks
        .filter((check) => check.status !== 'skipped')
        .map(
          (check) =>
            html`<li><span class="badge ${check.status}">${check.status}</span> <b>${check.name}</b>: ${check.detail}</li>`,
        );
      const { stable, canary } = verdict.arms;
      return html`<li class="verdict"><div><span class="badge ${verdict.status}">${verdict.status}</span>${verdict.critical ? ' (critical)' : ''} at ${elapsed(verdict.at - createdAt)}, step ${verdict.stepIndex + 1} at ${weight(verdict.weight)}${verdict.status === 'fail' ? `, ${verdict.consecutiveFailures} in a row` : ''}. Canary ${count(canary.requests)} requests, ${rate(canary.errorRate)} errors; stable ${count(stable.requests)} requests, ${rate(stable.errorRate)} errors.</div><ul class="checks">${checks}</ul></li>`;
    });
  return html`<ol class="verdicts" reversed data-testid="verdicts">${items}</ol>`;
}

function historyList(report: ReportData): SafeHtml {
  const { createdAt } = report.rollout;
  const entries = [
    ...report.transitions.map((entry) => ({
      at: entry.at,
      line: html`<b>${entry.type}</b> ${weight(entry.weight)} → ${weight(entry.toWeight)}: ${entry.reason} <span class="by">by ${entry.by}</span>`,
    })),
    ...report.gates.map((entry) => ({
      at: entry.at,
      line: html`<b>gates ${entry.passed ? 'passed' : 'failed'}</b> before step ${entry.target + 1}: ${entry.results.map((result) => `${result.kind} ${result.name}: ${result.detail}`).join('; ')}`,
    })),
  ]
    .sort((a, b) => b.at - a.at)
    .slice(0, SHOWN);
  if (entries.length === 0) return html`<p class="empty">Nothing yet.</p>`;
  return html`<ol class="history" data-testid="history">${entries.map(
    (entry) => html`<li><time>${elapsed(entry.at - createdAt)}</time> ${entry.line}</li>`,
  )}</ol>`;
}
