import { describeFreeze, describeWindow, type RolloutPlan } from '@rampkit/rollout';
import { duration } from '../format/format.js';

/** Gates, deployment windows and freezes in plain words; empty when the plan has none. */
export function describeGates(plan: RolloutPlan): string[] {
  const { healthChecks, webhooks, windows, freezes, maxFailures } = plan.gates;
  const lines: string[] = [];
  if (healthChecks.length + webhooks.length > 0) {
    lines.push(
      'Before the first step and before every weight increase (a step that keeps the weight is not gated), every gate must pass:',
      '',
    );
    for (const check of healthChecks) {
      lines.push(
        check.kind === 'http'
          ? `- health check \`${check.name === check.url ? shownUrl(check.url) : check.name}\`: ${check.method} ${shownUrl(check.url)} must answer 2xx within ${duration(check.timeoutMs)}`
          : `- health check \`${check.name}\`: a function every controller driving the rollout must register under that name (\`rampkit rollout run\` registers none)`,
      );
    }
    for (const hook of webhooks) {
      lines.push(
        `- webhook gate \`${hook.name === hook.url ? shownUrl(hook.url) : hook.name}\`: POST to ${shownUrl(hook.url)} must answer 2xx within ${duration(hook.timeoutMs)}, tried ${hook.retries + 1} times (backoff ${duration(hook.backoffMs)}, doubling)`,
      );
    }
    lines.push(
      '',
      `Failed gates are evaluated again every ${duration(plan.analysis.intervalMs)}; ${maxFailures} failures in a row pause the rollout (fix the dependency, then resume).`,
      '',
    );
  }
  if (windows.length > 0) {
    lines.push(
      `**Deployment windows**: a weight increase waits until the local time is inside ${windows.map((window) => describeWindow(window)).join(' or ')}. A manual \`promote\` waives the window for one step. Rollbacks and aborts never wait.`,
      '',
    );
  }
  if (freezes.length > 0) {
    lines.push(
      `**Change freezes**: inside ${freezes.map((freeze) => describeFreeze(freeze)).join(', ')} no start, promotion, retry or weight increase happens unless forced (\`--force\`); rollbacks and aborts are always allowed. Controller-wide freezes (\`rampkit controller\` options) apply too.`,
      '',
    );
  }
  if (lines.length === 0)
    lines.push('None: traffic moves whenever a step completes, at any time of day.', '');
  return lines;
}

/** Where the rollout's transitions are sent; only the origin, since webhook paths hold secrets. */
export function describeNotifications(plan: RolloutPlan): string[] {
  if (plan.notifications.length === 0) return [];
  return plan.notifications.map((notification) => {
    const events = notification.events === null ? 'every transition' : notification.events.join(', ');
    const signed = notification.secret === undefined ? '' : ', signed (HMAC-SHA256)';
    return `- ${originOf(notification.url)}: ${events}${signed}`;
  });
}

/** A URL without its query, user or password: what a runbook may show. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function originOf(url: string): string {
  return new URL(url).origin;
}
