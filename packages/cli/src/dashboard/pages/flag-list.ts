import type { AuditEntry, FlagDefinition } from '@rampkit/core';
import { html, type SafeHtml } from '../html/html.js';
import { describeServe } from './flag-describe.js';

/**
 * The flags table. Search filters rows in the browser as you type (the same table, no round trip);
 * without scripts the search form asks the server (`?q=`).
 */
export function flagListBody(
  flags: readonly FlagDefinition[],
  lastChange: ReadonlyMap<string, AuditEntry>,
  query: string,
): SafeHtml {
  const needle = query.trim().toLowerCase();
  const shown = needle === '' ? flags : flags.filter((flag) => searchText(flag).includes(needle));
  const rows = shown.map((flag) => {
    const change = lastChange.get(flag.key);
    return html`<tr data-search="${searchText(flag)}">
<td><a href="/flags/${encodeURIComponent(flag.key)}">${flag.key}</a>${flag.enabled === false ? html` <span class="badge off">off</span>` : ''}</td>
<td>${flag.kind ?? 'flag'}</td>
<td>${Object.keys(flag.variations).join(', ')}</td>
<td>${describeServe(flag.fallthrough)}</td>
<td>${change === undefined ? '–' : `${new Date(change.at).toISOString()} by ${change.actor}`}</td>
</tr>`;
  });
  return html`<h1>Flags</h1>
<form class="search" method="get" action="/flags" role="search">
<label for="flag-search">Search</label> <input id="flag-search" name="q" type="search" value="${query}" data-filter="#flag-table tbody tr" autocomplete="off">
<button type="submit">Search</button>
</form>
${
  flags.length === 0
    ? html`<p class="empty">No flags in this store.</p>`
    : html`<div class="scroll"><table class="list" id="flag-table" data-testid="flags"><thead><tr><th scope="col">Key</th><th scope="col">Kind</th><th scope="col">Variations</th><th scope="col">Split</th><th scope="col">Last change</th></tr></thead><tbody>${rows}</tbody></table></div>`
}`;
}

function searchText(flag: FlagDefinition): string {
  return [flag.key, flag.kind ?? 'flag', flag.description ?? '', ...(flag.tags ?? [])]
    .join(' ')
    .toLowerCase();
}
