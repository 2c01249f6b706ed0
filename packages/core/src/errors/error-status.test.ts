import { describe, expect, it } from 'vitest';
import { errorStatus } from './error-status.js';

describe('the HTTP status attached to what was thrown', () => {
  it("reads Fastify's statusCode, and http-errors' status when there is no statusCode", () => {
    expect(errorStatus(Object.assign(new Error('too large'), { statusCode: 413 }))).toBe(413);
    expect(errorStatus({ status: 400 })).toBe(400);
    expect(errorStatus({ statusCode: 404, status: 400 })).toBe(404);
  });

  it('falls back to status when statusCode is not a number', () => {
    expect(errorStatus({ statusCode: '404', status: 400 })).toBe(400);
  });

  it('has none for a plain error, a non-number status or a value that is not an object', () => {
    expect(errorStatus(new Error('boom'))).toBeUndefined();
    expect(errorStatus({ status: 'failed' })).toBeUndefined();
    expect(errorStatus('404')).toBeUndefined();
    expect(errorStatus(null)).toBeUndefined();
  });
});
