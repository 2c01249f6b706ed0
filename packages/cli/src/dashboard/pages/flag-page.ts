import type { AuditEntry, ConfigSnapshot, FlagDefinition, SegmentDefinition } from '@rampkit/core';
import { html, type SafeHtml } from '../html/html.js';
import { describeCondition, describeSegment, describeServe, percent } from './flag-describe.js';

export interface FlagPageOptions {
  flag: FlagDefinition;
  snapshot: ConfigSnapshot;
  history: readonly AuditEntry[];
  /** The CSRF token of the session; absent in read-only mode (no forms). */
  csrf?: string;
  /** A notice above the page: a conflict, a refused edit, a change made. */
  notice?: { kind: 'ok' | 'error'; body: SafeHtml };
  traffic: SafeHtml;
}

export function flagPageBody(options: FlagPageOptions): SafeHtml {
  const { flag, snapshot } = options;
  const enabled = flag.enabled ?? true;
  const segments = snapshot.config.segments ?? [];
  return html`<h1>${flag.key} ${enabled ? html`<span class="badge on">on</span>` : html`<span class="badge off">off (kill switch)</span>`}</h1>
${options.notice === undefined ? '' : html`<div class="notice ${options.notice.kind}" role="alert" data-testid="notice">${options.notice.body}</div>`}
${flag.description === undefined ? '' : html`<p>${flag.description}</p>`}
<dl class="facts">
<dt>Kind</dt><dd>${flag.kind ?? 'flag'}</dd>
<dt>Variations</dt><dd><ul class="plain">${Object.entries(flag.variations).map(([name, value]) => html`<li><b>${name}</b> = <code>${JSON.stringify(value)}</code></li>`)}</ul></dd>
<dt>Off variation</dt><dd>${flag.offVariation}</dd>
<dt>Default (no rule matches)</dt><dd data-testid="fallthrough">${describeServe(flag.fallthrough)}</dd>
<dt>Configuration</dt><dd>version ${snapshot.version}, flag version ${flag.version ?? 1}</dd>
</dl>
${options.csrf === undefined ? '' : editForms(flag, snapshot.version, options.csrf)}
<section aria-labelledby="rules-title"><h2 id="rules-title">Rules</h2>${rulesOf(flag, segments)}</section>
<section aria-labelledby="traffic-title"><h2 id="traffic-title">Traffic per variation</h2>
<div hx-ext="sse" sse-connect="/live/flags/${encodeURIComponent(flag.key)}"><div sse-swap="traffic">${options.traffic}</div></div></section>
<section aria-labelledby="audit-title"><h2 id="audit-title">History</h2>${auditList(options.history)}</section>`;
}

function editForms(flag: FlagDefinition, version: number, csrf: string): SafeHtml {
  const enabled = flag.enabled ?? true;
  const action = `/flags/${encodeURIComponent(flag.key)}`;
  const common = html`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="version" value="${version}">`;
  const kill = html`<form method="post" action="${action}/enabled" class="edit" data-testid="kill-switch">${common}
<input type="hidden" name="enabled" value="${enabled ? 'false' : 'true'}">
<label>Reason <input name="reason" maxlength="500" placeholder="why, for the audit log"></label>
<button type="submit" class="${enabled ? 'danger' : ''}">${enabled ? 'Turn off (kill switch): everyone gets the off variation' : 'Turn back on'}</button>
</form>`;
  const split = flag.fallthrough.split;
  const weights =
    split === undefined
      ? ''
      : html`<form method="post" action="${action}/weights" class="edit" data-testid="weights">${common}
<fieldset><legend>Default split (percent, must add up to 100)</legend>
${split.weights.map(
  (entry) =>
    html`<label>${entry.variation} <input name="weight:${entry.variation}" type="number" min="0" max="100" step="0.01" value="${entry.weight / 100}" inputmode="decimal"></label> `,
)}
</fieldset>
<label>Reason <input name="reason" maxlength="500" placeholder="why, for the audit log"></label>
<button type="submit">Save split</button>
</form>`;
  return html`<section aria-labelledby="edit-title"><h2 id="edit-title">Change</h2>${kill}${weights}</section>`;
}

function rulesOf(flag: FlagDefinition, segments: readonly SegmentDefinition[]): SafeHtml {
  const rules = flag.rules ?? [];
  const prerequisites = flag.prerequisites ?? [];
  const items = rules.map((rule, index) => {
    const when = [
      ...(rule.conditions ?? []).map(describeCondition),
      ...(rule.segments ?? []).map((key) => `in segment ${key}`),
    ];
    // Each segment's own conditions under the rule, so the rule reads whole without another page.
    const inSegments = (rule.segments ?? []).map((key) => {
      const segment = segments.find((candidate) => candidate.key === key);
      // The store's validation refuses a rule naming a segment the configuration lacks.
      return segment === undefined
        ? html`<li>segment <b>${key}</b></li>`
        : html`<li>segment <b>${key}</b>${segment.description === undefined ? '' : html` (${segment.description})`}: ${describeSegment(segment)}</li>`;
    });
    return html`<li><b>${rule.id ?? `rule ${index + 1}`}</b>: when ${when.length === 0 ? 'always' : when.join(' and ')}, serve ${describeServe(rule)}${inSegments.length === 0 ? '' : html`<ul class="segments" data-testid="segments">${inSegments}</ul>`}</li>`;
  });
  const before = prerequisites.map(
    (p) =>
      html`<li>first: flag <a href="/flags/${encodeURIComponent(p.flag)}">${p.flag}</a> must serve ${p.variations.join(' or ')}</li>`,
  );
  if (items.length + before.length === 0)
    return html`<p class="empty">No rules: everyone gets the default.</p>`;
  return html`<ol class="rules">${before}${items}</ol>`;
}

function auditList(history: readonly AuditEntry[]): SafeHtml {
  if (history.length === 0) return html`<p class="empty">No changes recorded.</p>`;
  return html`<ol class="audit" data-testid="audit">${history.map(
    (entry) =>
      html`<li><div><time>${new Date(entry.at).toISOString()}</time> <b>${entry.actor}</b> ${entry.action} (version ${entry.fromVersion ?? '–'} → ${entry.toVersion})${entry.reason === undefined ? '' : html`: “${entry.reason}”`}</div>${diffOf(entry)}</li>`,
  )}</ol>`;
}

/** The fields each change touched, before and after. */
export function diffOf(entry: AuditEntry): SafeHtml {
  const rows = entry.changes.flatMap((change) => {
    if (change.change !== 'changed')
      return [html`<tr><td colspan="3">${change.change} ${change.kind} ${change.key}</td></tr>`];
    return (change.fields ?? []).map(
      (field) =>
        html`<tr><td><code>${change.key}.${field.path}</code></td><td class="before">${field.before === undefined ? '–' : JSON.stringify(field.before)}</td><td class="after">${field.after === undefined ? '–' : JSON.stringify(field.after)}</td></tr>`,
    );
  });
  if (rows.length === 0) return html``;
  return html`<table class="diff"><thead><tr><th scope="col">field</th><th scope="col">before</th><th scope="col">after</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Requests per variation over the last minute, from the metrics store; without any, a sentence that
 * says why (the flag is not tracked, or nothing reached it lately) in place of an empty table.
 */
export function trafficOf(
  arms: ReadonlyArray<{ variation: string; requests: number; errors: number }>,
  windowMs: number,
  tracked: boolean,
): SafeHtml {
  if (arms.every((arm) => arm.requests === 0)) {
    const why = tracked
      ? html`no tracked request reached it in the last ${windowMs / 1000}s.`
      : html`it is not tracked, so the middleware reports no requests per variation for it (<code>track: true</code> in the flag turns that on; canaries are tracked by default).`;
    return html`<p class="empty" data-testid="no-traffic">No metrics recorded for this flag: ${why}</p>`;
  }
  const total = arms.reduce((sum, arm) => sum + arm.requests, 0);
  return html`<table class="list" data-testid="traffic"><thead><tr><th scope="col">variation</th><th scope="col">requests/s</th><th scope="col">share</th><th scope="col">errors</th></tr></thead><tbody>${arms.map(
    (arm) =>
      html`<tr><td>${arm.variation}</td><td class="num">${(arm.requests / (windowMs / 1000)).toFixed(1)}</td><td class="num">${total === 0 ? '–' : percent((arm.requests / total) * 10_000)}</td><td class="num">${arm.requests === 0 ? '–' : `${((arm.errors / arm.requests) * 100).toFixed(2)}%`}</td></tr>`,
  )}</tbody></table>`;
}
