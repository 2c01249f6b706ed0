import { childPath, describeValue, indexPath } from '@rampkit/core/validation';
import { freezeBound } from '../gates/freezes.js';
import { isTimeZone } from '../gates/zoned-time.js';
import type { Issues } from './issues.js';
import type {
  FreezeSpec,
  HealthCheckFunction,
  HealthCheckSpec,
  NotificationSpec,
  RolloutPlan,
  TransitionType,
  WebhookSpec,
  Weekday,
  WindowSpec,
} from './types.js';

const GATE_KEYS = ['healthChecks', 'webhooks', 'windows', 'freezes', 'maxFailures'];
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const TRANSITION_TYPES: readonly TransitionType[] = [
  'started',
  'stepStarted',
  'stepCompleted',
  'stepSkipped',
  'held',
  'awaitingApproval',
  'approved',
  'paused',
  'resumed',
  'promoted',
  'rolledBack',
  'aborted',
  'retried',
  'clockStepped',
];

/** Inline health-check functions found in a plan, by name: they cannot be stored with it. */
export type InlineChecks = Map<string, HealthCheckFunction>;

export function checkGates(value: unknown, issues: Issues, inline: InlineChecks): RolloutPlan['gates'] {
  const gates: RolloutPlan['gates'] = {
    healthChecks: [],
    webhooks: [],
    windows: [],
    freezes: [],
    maxFailures: 3,
  };
  if (value === undefined) return gates;
  const input = issues.object(value, 'gates');
  if (input === undefined) return gates;
  issues.knownKeys(input, GATE_KEYS, 'gates');
  gates.healthChecks = list(input.healthChecks, 'gates.healthChecks', issues, (item, path) =>
    healthCheck(item, path, issues, inline),
  );
  gates.webhooks = list(input.webhooks, 'gates.webhooks', issues, (item, path) =>
    webhook(item, path, issues),
  );
  gates.windows = list(input.windows, 'gates.windows', issues, (item, path) => window(item, path, issues));
  gates.freezes = checkFreezes(input.freezes, 'gates.freezes', issues);
  if (input.maxFailures !== undefined) {
    gates.maxFailures =
      issues.number(input.maxFailures, 'gates.maxFailures', { min: 1, integer: true }) ?? gates.maxFailures;
  }
  const names = new Set<string>();
  gates.healthChecks.forEach((check, index) => {
    if (names.has(check.name)) {
      issues.add(indexPath('gates.healthChecks', index), `another health check is named "${check.name}"`);
    }
    names.add(check.name);
  });
  return gates;
}

export function checkFreezes(value: unknown, path: string, issues: Issues): FreezeSpec[] {
  return list(value, path, issues, (item, itemPath) => freeze(item, itemPath, issues));
}

export function checkNotifications(value: unknown, issues: Issues): NotificationSpec[] {
  return list(value, 'notifications', issues, (item, path) => {
    const input = issues.object(item, path);
    if (input === undefined) return undefined;
    issues.knownKeys(input, ['url', 'events', 'headers', 'timeout', 'retries', 'secret'], path);
    const url = issues.url(input.url, childPath(path, 'url'));
    let events: TransitionType[] | null = null;
    if (input.events !== undefined) {
      const listed = issues.array(input.events, childPath(path, 'events')) ?? [];
      events = [];
      listed.forEach((event, index) => {
        if (TRANSITION_TYPES.includes(event as TransitionType)) events?.push(event as TransitionType);
        else
          issues.add(
            indexPath(childPath(path, 'events'), index),
            `must be one of ${TRANSITION_TYPES.join(', ')}, got ${describeValue(event)}`,
          );
      });
    }
    const spec: NotificationSpec = {
      url: url ?? '',
      events,
      headers: issues.headers(input.headers, childPath(path, 'headers')),
      timeoutMs: optionalDuration(input.timeout, childPath(path, 'timeout'), issues, 5000),
      retries: optionalCount(input.retries, childPath(path, 'retries'), issues, 2),
    };
    if (input.secret !== undefined) {
      const secret = issues.string(input.secret, childPath(path, 'secret'));
      if (secret !== undefined) spec.secret = secret;
    }
    return url === undefined ? undefined : spec;
  });
}

function list<T>(
  value: unknown,
  path: string,
  issues: Issues,
  item: (value: unknown, path: string) => T | undefined,
): T[] {
  if (value === undefined) return [];
  const items = issues.array(value, path) ?? [];
  const out: T[] = [];
  items.forEach((entry, index) => {
    const checked = item(entry, indexPath(path, index));
    if (checked !== undefined) out.push(checked);
  });
  return out;
}

function healthCheck(
  value: unknown,
  path: string,
  issues: Issues,
  inline: InlineChecks,
): HealthCheckSpec | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  if (input.url === undefined) {
    issues.knownKeys(input, ['name', 'check'], path);
    const name = issues.string(input.name, childPath(path, 'name'));
    if (input.check !== undefined && typeof input.check !== 'function') {
      issues.add(childPath(path, 'check'), 'must be a function returning (a promise of) true or false');
    }
    if (name === undefined) return undefined;
    if (typeof input.check === 'function') inline.set(name, input.check as HealthCheckFunction);
    return { kind: 'function', name };
  }
  issues.knownKeys(input, ['url', 'method', 'timeout', 'name'], path);
  const url = issues.url(input.url, childPath(path, 'url'));
  let method: 'GET' | 'HEAD' = 'GET';
  if (input.method !== undefined) {
    if (input.method === 'GET' || input.method === 'HEAD') method = input.method;
    else issues.add(childPath(path, 'method'), `must be GET or HEAD, got ${describeValue(input.method)}`);
  }
  const name = input.name === undefined ? url : issues.string(input.name, childPath(path, 'name'));
  const timeoutMs = optionalDuration(input.timeout, childPath(path, 'timeout'), issues, 5000);
  if (url === undefined || name === undefined) return undefined;
  return { kind: 'http', name, url, method, timeoutMs };
}

function webhook(value: unknown, path: string, issues: Issues): WebhookSpec | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  issues.knownKeys(input, ['url', 'timeout', 'retries', 'backoff', 'headers', 'name'], path);
  const url = issues.url(input.url, childPath(path, 'url'));
  const name = input.name === undefined ? url : issues.string(input.name, childPath(path, 'name'));
  const spec = {
    timeoutMs: optionalDuration(input.timeout, childPath(path, 'timeout'), issues, 10_000),
    retries: optionalCount(input.retries, childPath(path, 'retries'), issues, 2),
    backoffMs:
      input.backoff === undefined
        ? 1000
        : (issues.duration(input.backoff, childPath(path, 'backoff'), { positive: false }) ?? 1000),
    headers: issues.headers(input.headers, childPath(path, 'headers')),
  };
  if (url === undefined || name === undefined) return undefined;
  return { name, url, ...spec };
}

const HHMM = /^(\d{2}):(\d{2})$/;

function window(value: unknown, path: string, issues: Issues): WindowSpec | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  issues.knownKeys(input, ['days', 'start', 'end', 'timeZone'], path);
  let days: Weekday[] = [...WEEKDAYS];
  if (input.days !== undefined) {
    const listed = issues.array(input.days, childPath(path, 'days')) ?? [];
    days = [];
    listed.forEach((day, index) => {
      const name = typeof day === 'string' ? day.toLowerCase().slice(0, 3) : '';
      if (typeof day === 'string' && WEEKDAYS.includes(name as Weekday)) days.push(name as Weekday);
      else
        issues.add(
          indexPath(childPath(path, 'days'), index),
          `must be a weekday (mon … sun), got ${describeValue(day)}`,
        );
    });
    if (listed.length === 0) issues.add(childPath(path, 'days'), 'must name at least one day');
  }
  const start = clock(input.start ?? '00:00', childPath(path, 'start'), issues);
  const end = clock(input.end ?? '24:00', childPath(path, 'end'), issues);
  const timeZone = zone(input.timeZone, childPath(path, 'timeZone'), issues);
  if (start === undefined || end === undefined || timeZone === undefined) return undefined;
  return { days, start, end, timeZone };
}

function clock(value: unknown, path: string, issues: Issues): number | undefined {
  const match = typeof value === 'string' ? HHMM.exec(value) : null;
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (match && Number(match[2]) < 60 && minutes <= 24 * 60) return minutes;
  issues.add(path, `must be a local time HH:MM (00:00 to 24:00), got ${describeValue(value)}`);
  return undefined;
}

function zone(value: unknown, path: string, issues: Issues): string | undefined {
  if (value === undefined) return 'UTC';
  const name = issues.string(value, path);
  if (name === undefined) return undefined;
  if (isTimeZone(name)) return name;
  issues.add(path, `must be an IANA time zone such as Europe/Berlin, got ${describeValue(name)}`);
  return undefined;
}

function freeze(value: unknown, path: string, issues: Issues): FreezeSpec | undefined {
  const input = issues.object(value, path);
  if (input === undefined) return undefined;
  issues.knownKeys(input, ['from', 'to', 'timeZone', 'reason'], path);
  const timeZone = zone(input.timeZone, childPath(path, 'timeZone'), issues);
  const reason =
    input.reason === undefined ? 'change freeze' : issues.string(input.reason, childPath(path, 'reason'));
  const from = bound(input.from, childPath(path, 'from'), timeZone, false, issues);
  const to = bound(input.to, childPath(path, 'to'), timeZone, true, issues);
  if (from === undefined || to === undefined || reason === undefined) return undefined;
  if (to <= from) {
    issues.add(childPath(path, 'to'), 'must be after from');
    return undefined;
  }
  return { from, to, reason };
}

function bound(value: unknown, path: string, timeZone: string | undefined, end: boolean, issues: Issues) {
  const text = issues.string(value, path);
  if (text === undefined || timeZone === undefined) return undefined;
  const epoch = freezeBound(text, timeZone, end);
  if (epoch === undefined) {
    issues.add(
      path,
      `must be an ISO date (2025-12-20) or date-time (2025-12-20T18:00, optionally with an offset), got ${describeValue(text)}`,
    );
  }
  return epoch;
}

function optionalDuration(value: unknown, path: string, issues: Issues, fallback: number): number {
  if (value === undefined) return fallback;
  return issues.duration(value, path, { positive: true }) ?? fallback;
}

function optionalCount(value: unknown, path: string, issues: Issues, fallback: number): number {
  if (value === undefined) return fallback;
  return issues.number(value, path, { min: 0, max: 10, integer: true }) ?? fallback;
}
