import { describe, expect, it } from 'vitest';
import { identityOnRead, identityOnWrite } from './config-version.js';

describe('a configuration read from a file keeps the version remembered for its content', () => {
  it('is version 1 the first time anything is read', () => {
    expect(identityOnRead(undefined, 'a', 0)).toEqual({ version: 1, digest: 'a' });
  });

  it('is the remembered version when the content is the remembered one', () => {
    expect(identityOnRead({ version: 7, digest: 'a' }, 'a', 3)).toEqual({ version: 7, digest: 'a' });
  });

  it('is the next version when the content changed', () => {
    expect(identityOnRead({ version: 7, digest: 'a' }, 'b', 0)).toEqual({ version: 8, digest: 'b' });
  });

  it('never goes below what this reader already handed out', () => {
    expect(identityOnRead({ version: 2, digest: 'b' }, 'b', 5)).toEqual({ version: 6, digest: 'b' });
    expect(identityOnRead({ version: 2, digest: 'a' }, 'b', 5)).toEqual({ version: 6, digest: 'b' });
  });
});

describe('a configuration written is always a new version', () => {
  it('even when its data did not change', () => {
    expect(identityOnWrite({ version: 4, digest: 'a' }, 'a', 0)).toEqual({ version: 5, digest: 'a' });
  });

  it('above both the record and the writer', () => {
    expect(identityOnWrite({ version: 4, digest: 'a' }, 'b', 9)).toEqual({ version: 10, digest: 'b' });
    expect(identityOnWrite(undefined, 'b', 0)).toEqual({ version: 1, digest: 'b' });
  });
});
