import { errorCode, errorMessage } from '@rampkit/core/internal';

/**
 * Why a `fetch` failed, for an operator: it timed out (its `AbortSignal.timeout` fired), or what the
 * network layer said (`ECONNREFUSED`, `ENOTFOUND`…: undici puts the system error in `cause`).
 */
export type FetchFailure = { timedOut: true } | { timedOut: false; detail: string };

export function fetchFailure(thrown: unknown): FetchFailure {
  const name = stringField(thrown, 'name');
  if (name === 'TimeoutError' || name === 'AbortError') return { timedOut: true };
  const cause = typeof thrown === 'object' && thrown !== null && 'cause' in thrown ? thrown.cause : undefined;
  return {
    timedOut: false,
    detail: errorCode(cause) ?? stringField(cause, 'message') ?? errorMessage(thrown),
  };
}

function stringField(value: unknown, key: 'name' | 'message'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}
