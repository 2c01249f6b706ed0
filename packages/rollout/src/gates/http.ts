import { fetchFailure } from './fetch-failure.js';

/** The `fetch` the controller uses (injectable for tests and proxies). */
export type Fetch = typeof fetch;

export interface HttpOutcome {
  ok: boolean;
  /** `200`, `503`, `timeout after 5s`, `ECONNREFUSED`… */
  detail: string;
  attempts: number;
}

interface RequestInit {
  method: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Sent as JSON: a string is taken as JSON already serialised, anything else is serialised. */
  body?: unknown;
  /** Headers computed from the serialised body on each attempt (a signature and its timestamp). */
  sign?: (body: string) => Record<string, string>;
}

/** One request that must answer 2xx within `timeoutMs`. Never throws. */
export async function request(
  fetchFn: Fetch,
  url: string,
  init: RequestInit,
): Promise<{ ok: boolean; detail: string }> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    if (init.sign !== undefined) Object.assign(headers, init.sign(body));
  }
  try {
    const response = await fetchFn(url, {
      method: init.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    // Drain the body so the connection is released; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
  } catch (error) {
    const failure = fetchFailure(error);
    return { ok: false, detail: failure.timedOut ? `no answer within ${init.timeoutMs}ms` : failure.detail };
  }
}

/**
 * `request` with retries: after a failure, waits `backoffMs`, then twice that, and so on, up to
 * `retries` more attempts.
 */
export async function requestWithRetries(
  fetchFn: Fetch,
  url: string,
  init: RequestInit,
  policy: { retries: number; backoffMs: number; sleep: (ms: number) => Promise<void> },
): Promise<HttpOutcome> {
  let last = { ok: false, detail: 'not attempted' };
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    if (attempt > 1) await policy.sleep(policy.backoffMs * 2 ** (attempt - 2));
    last = await request(fetchFn, url, init);
    if (last.ok) return { ...last, attempts: attempt };
  }
  return { ...last, attempts: policy.retries + 1 };
}
