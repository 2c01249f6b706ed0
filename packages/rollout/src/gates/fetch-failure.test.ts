import { describe, expect, it } from 'vitest';
import { fetchFailure } from './fetch-failure.js';

describe('fetchFailure', () => {
  it('reads a fired timeout signal as a timeout', () => {
    expect(fetchFailure(new DOMException('timed out', 'TimeoutError'))).toEqual({ timedOut: true });
    expect(fetchFailure(new DOMException('aborted', 'AbortError'))).toEqual({ timedOut: true });
  });

  it("prefers the network layer's code, then its message, then the error's own message", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(fetchFailure(new TypeError('fetch failed', { cause: refused }))).toEqual({
      timedOut: false,
      detail: 'ECONNREFUSED',
    });
    expect(fetchFailure(new TypeError('fetch failed', { cause: new Error('socket hang up') }))).toEqual({
      timedOut: false,
      detail: 'socket hang up',
    });
    expect(fetchFailure(new TypeError('Invalid URL'))).toEqual({ timedOut: false, detail: 'Invalid URL' });
  });

  it('describes a thrown value that is not an error without throwing', () => {
    expect(fetchFailure('offline')).toEqual({ timedOut: false, detail: 'offline' });
    expect(fetchFailure(null)).toEqual({ timedOut: false, detail: 'null' });
  });
});
