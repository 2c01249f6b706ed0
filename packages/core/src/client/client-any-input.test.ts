import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, isInvalidConfigError } from '../errors/errors.js';
import { configWithAnyValue } from '../model/any-config.test-helper.js';
import type { FlagsConfig } from '../model/types.js';
import { flag } from '../model/validate-test-helpers.js';
import { createClient } from './client.js';

describe('createClient refuses a configuration only with InvalidConfigError', () => {
  it('an array carrying a function, which structuredClone cannot copy', () => {
    const tags = Object.assign(['checkout'], { format: () => 'x' });
    const create = () => createClient({ flags: { flags: [flag({ tags })] } as unknown as FlagsConfig });
    expect(create).toThrow(InvalidConfigError);
    expect(create).toThrow('flags[0].tags.format: is a named property of an array, which JSON drops');
  });

  it('a getter whose answer changes between reads', () => {
    let reads = 0;
    const changing = Object.defineProperty(flag(), 'rules', {
      enumerable: true,
      get: () => (reads++ < 2 ? [] : [null]),
    });
    const create = () => createClient({ flags: { flags: [changing] } as unknown as FlagsConfig });
    expect(create).toThrow(InvalidConfigError);
    expect(create).toThrow('flags[0].rules: is an accessor (get/set), not a data property');
  });

  it.each([null, false, 0, ''])('flags given as %j, which is not a configuration', (flags) => {
    expect(() => createClient({ flags: flags as unknown as FlagsConfig })).toThrow(InvalidConfigError);
  });
});

describe('createClient refuses a configuration only with InvalidConfigError (property)', () => {
  it('whatever the flags option holds, the client is created or InvalidConfigError is thrown', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(configWithAnyValue, async (flags) => {
        let client: ReturnType<typeof createClient>;
        try {
          client = createClient({ flags: flags as FlagsConfig, metrics: false });
        } catch (error) {
          expect(isInvalidConfigError(error), String(error)).toBe(true);
          return;
        }
        created++;
        await client.ready({ timeoutMs: 1000 });
        expect((await client.store.loadConfig())?.config).toEqual(flags);
        await client.close();
      }),
      { numRuns: 1000 },
    );
    expect(created).toBeGreaterThan(100);
  });
});
