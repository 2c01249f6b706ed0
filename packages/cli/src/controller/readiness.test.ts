import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.js';

describe('a standing controller is ready while its loop runs and the store answers', () => {
  it('is not ready before its first pass, ready after it, and not once passes stop for too long', () => {
    let now = 0;
    const readiness = new Readiness(15_000, () => now);
    expect(readiness.report()).toMatchObject({ ready: false, lastPassAgoMs: null });
    readiness.passed();
    now = 15_000;
    expect(readiness.report()).toMatchObject({ ready: true, lastPassAgoMs: 15_000 });
    now = 15_001;
    expect(readiness.report()).toMatchObject({ ready: false, reason: expect.stringMatching(/stuck/) });
  });

  it('is not ready after a pass the store failed, and ready again after the next pass', () => {
    let now = 0;
    const readiness = new Readiness(15_000, () => now);
    readiness.passed();
    readiness.storeFailed('connect ECONNREFUSED');
    expect(readiness.report()).toMatchObject({ ready: false, reason: expect.stringMatching(/ECONNREFUSED/) });
    now = 5000;
    readiness.passed();
    expect(readiness.report().ready).toBe(true);
  });
});
