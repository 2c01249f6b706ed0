import type { RolloutStatus } from '@rampkit/rollout';
import { describePosition } from '../../progress/describe.js';
import type { RolloutActionSpec } from '../actions/rollout-actions.js';
import { html, type SafeHtml } from '../html/html.js';

/** The confirmation of an action: what will happen, in the CLI's words, and a reason for the log. */
export function confirmPageBody(
  status: RolloutStatus,
  name: string,
  action: RolloutActionSpec,
  csrf: string,
  actor: string,
): SafeHtml {
  const path = `/rollouts/${encodeURIComponent(status.id)}`;
  return html`<h1>${action.label}: ${status.id}?</h1>
<p class="position">${describePosition(status)}</p>
<p class="effect" data-testid="effect">This will <b>${action.effect}</b>, for flag <b>${status.flag}</b> (canary “${status.canary}”, stable “${status.stable}”).</p>
<p class="note">The same as <code>${action.command} ${status.id}</code>. It is recorded in the rollout's history as done by <b>${actor}</b>.</p>
<form method="post" action="${path}/actions/${name}" class="confirm">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="reason">Reason (recorded in the history, the audit log and notifications)</label><textarea id="reason" name="reason" maxlength="500" rows="2"></textarea>
<div class="buttons"><button type="submit" class="${name === 'rollback' || name === 'abort' ? 'danger' : 'primary'}" data-testid="confirm">${action.label}</button> <a href="${path}">Cancel</a></div>
</form>`;
}

export function messageBody(
  title: string,
  message: SafeHtml | string,
  back?: { href: string; label: string },
): SafeHtml {
  return html`<h1>${title}</h1><p class="notice error" role="alert">${message}</p>${back === undefined ? '' : html`<p><a href="${back.href}">${back.label}</a></p>`}`;
}

export function loginBody(failed: boolean): SafeHtml {
  return html`<h1>Sign in</h1>
${failed ? html`<p class="notice error" role="alert">That token is not this dashboard's.</p>` : ''}
<form method="post" action="/login" class="confirm">
<label for="token">Access token (the secret given to <code>rampkit dashboard --token</code>)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<div class="buttons"><button type="submit" class="primary">Sign in</button></div>
</form>`;
}
