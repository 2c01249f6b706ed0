import type { RolloutStatus } from '@rampkit/rollout';
import { duration, weight } from '../../format/format.js';
import { driverCell, isFinished } from '../../progress/describe.js';
import { html, type SafeHtml } from '../html/html.js';

/**
 * The rollouts table, live ones first, then the rest newest first (what `rollout list` shows).
 * With a query, only the rollouts whose id, flag, strategy, status, phase or driving controller hold it.
 */
export function rolloutTable(statuses: readonly RolloutStatus[], now: number, query = ''): SafeHtml {
  if (statuses.length === 0) {
    return html`<p class="empty">No rollouts in this store yet. Start one with <code>rampkit rollout start plan.yaml</code>.</p>`;
  }
  const needle = query.trim().toLowerCase();
  const live = statuses.filter((status) => !isFinished(status));
  const ended = statuses.filter(isFinished).reverse();
  const shown = [...live, ...ended].filter((status) => needle === '' || searchText(status).includes(needle));
  const rows = shown.map(
    (status) => html`<tr class="status-${status.status}" data-search="${searchText(status)}">
<td><a href="/rollouts/${encodeURIComponent(status.id)}">${status.id}</a></td>
<td><a href="/flags/${encodeURIComponent(status.flag)}">${status.flag}</a></td>
<td>${status.strategy}</td>
<td class="num">${status.step.index < 0 ? '–' : `${status.step.index + 1}/${status.step.count}`}</td>
<td class="num">${weight(status.weight)}</td>
<td><span class="badge ${status.status}">${status.status}</span> ${isFinished(status) ? '' : status.phase}</td>
<td>${driverCell(status, now)}</td>
<td>${duration(now - status.createdAt)}</td>
</tr>`,
  );
  return html`<div class="scroll"><table class="list" data-testid="rollouts">
<thead><tr><th scope="col">Rollout</th><th scope="col">Flag</th><th scope="col">Strategy</th><th scope="col">Step</th><th scope="col">Weight</th><th scope="col">Phase</th><th scope="col">Driven by</th><th scope="col">Age</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/**
 * The list page's body: the table, replaced whenever the server sends a new one. Search filters
 * its rows in the browser as you type, the live ones included; without scripts it asks the server.
 */
export function rolloutListBody(table: SafeHtml, query: string): SafeHtml {
  return html`<h1>Rollouts</h1>
<form class="search" method="get" action="/rollouts" role="search">
<label for="rollout-search">Search</label> <input id="rollout-search" name="q" type="search" value="${query}" data-filter="#rollout-table tbody tr" autocomplete="off">
<button type="submit">Search</button>
</form>
<div hx-ext="sse" sse-connect="/live/rollouts"><div id="rollout-table" sse-swap="rollouts">${table}</div></div>`;
}

function searchText(status: RolloutStatus): string {
  const driver = status.driver.driven ? status.driver.holder : '';
  return [status.id, status.flag, status.strategy, status.status, status.phase, driver]
    .join(' ')
    .toLowerCase();
}
