import { describe, expect, it } from 'vitest';
import { errorMessage, toError } from './to-error.js';

describe('what was thrown, as an Error or a message', () => {
  it('keeps an Error as it is', () => {
    const error = new TypeError('bad');
    expect(toError(error)).toBe(error);
    expect(errorMessage(error)).toBe('bad');
  });

  it('turns anything else into its string', () => {
    expect(toError('down').message).toBe('down');
    expect(errorMessage(42)).toBe('42');
  });

  it('never throws on a value String cannot convert', () => {
    const bare = Object.create(null) as object;
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(errorMessage(bare)).toBe('unknown error');
    expect(toError(hostile).message).toBe('unknown error');
  });
});
