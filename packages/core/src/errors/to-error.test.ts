import { describe, expect, it } from 'vitest';
import { errorMessage, toError } from './to-error.js';

describe('what was thrown, as an Error or a message', () => {
  it('keeps an Error as it is', () => {
    const error = new TypeError('bad');
    expect(toError(error)).toBe(error);
    expect(errorMessage(error)).toBe('bad');
  });

  it('turns a string, a number or undefined into its string', () => {
    expect(toError('down').message).toBe('down');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it("reads an object's string message: an error of another realm, or `throw { message }`", () => {
    expect(errorMessage({ message: 'quota exceeded', code: 'Q1' })).toBe('quota exceeded');
    expect(toError({ message: 'timed out' }).message).toBe('timed out');
  });

  it('shows an object without a message as JSON, not "[object Object]"', () => {
    expect(errorMessage({ status: 503, reason: 'upstream' })).toBe('{"status":503,"reason":"upstream"}');
    expect(errorMessage({ message: 7 })).toBe('{"message":7}');
    expect(errorMessage(['a', 1])).toBe('a,1');
  });

  it('keeps what an object says of itself through its own toString', () => {
    expect(errorMessage({ toString: () => 'custom failure' })).toBe('custom failure');
  });

  it('never throws on a value String cannot convert, nor JSON', () => {
    const bare = Object.create(null) as object;
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(errorMessage(bare)).toBe('unknown error');
    expect(toError(hostile).message).toBe('unknown error');
    expect(errorMessage(cycle)).toBe('unknown error');
  });
});
