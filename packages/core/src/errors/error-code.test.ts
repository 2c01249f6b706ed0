import { describe, expect, it } from 'vitest';
import { errorCode, isNodeError } from './error-code.js';

describe('a Node error code is read one way', () => {
  const enoent = Object.assign(new Error('no such file'), { code: 'ENOENT' });

  it('reads a string code from anything thrown, and nothing else', () => {
    expect(errorCode(enoent)).toBe('ENOENT');
    expect(errorCode({ code: 'EEXIST' })).toBe('EEXIST');
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode('ENOENT')).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
  });

  it('guards an Error with a code, that code when one is named', () => {
    expect(isNodeError(enoent)).toBe(true);
    expect(isNodeError(enoent, 'ENOENT')).toBe(true);
    expect(isNodeError(enoent, 'EACCES')).toBe(false);
    expect(isNodeError({ code: 'ENOENT' }, 'ENOENT')).toBe(false);
    expect(isNodeError(new Error('plain'))).toBe(false);
  });
});
