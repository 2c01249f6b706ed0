import { describe, expect, it } from 'vitest';
import { DroppedRecordsError } from './errors.js';

const counts = { exposures: 2, events: 1, covariates: 0 };

describe('DroppedRecordsError', () => {
  it('says why a batch failed whatever its driver threw', () => {
    const cases: Array<[unknown, string]> = [
      [new Error('connection terminated'), 'connection terminated'],
      ['socket hang up', 'socket hang up'],
      [{ message: 'deadlock detected' }, 'deadlock detected'],
      [{ code: '57P01' }, '{"code":"57P01"}'],
    ];
    for (const [cause, why] of cases) {
      const error = new DroppedRecordsError('writeFailed', counts, cause);
      expect(error.message).toBe(
        `dropped 2 exposure(s), 1 event(s) and 0 covariate(s): the batch failed every attempt: ${why}`,
      );
      expect(error.cause).toBe(cause);
    }
  });

  it('adds nothing after the reason when there is no cause', () => {
    expect(new DroppedRecordsError('overflow', counts).message).toBe(
      'dropped 2 exposure(s), 1 event(s) and 0 covariate(s): the buffer is full (maxBuffered)',
    );
  });
});
