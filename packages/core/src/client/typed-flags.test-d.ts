import { describe, expectTypeOf, it } from 'vitest';
import type { EvaluationContext } from '../model/types.js';
import type { RampkitClient } from './client.js';

declare module './typed-flags.js' {
  interface FlagValueTypes {
    'typed-checkout': boolean;
    'typed-banner': string;
  }
}

declare const client: RampkitClient;
declare const ctx: EvaluationContext;

describe('flag value types declared by module augmentation', () => {
  it('a declared key returns its declared type', () => {
    expectTypeOf(client.value('typed-checkout', ctx, false)).toEqualTypeOf<boolean>();
    expectTypeOf(client.value('typed-banner', ctx, 'hi')).toEqualTypeOf<string>();
  });

  it('a declared key refuses a default of another type', () => {
    // @ts-expect-error the flag is declared boolean
    client.value('typed-checkout', ctx, 'yes');
  });

  it('an undeclared key follows the type of its default', () => {
    expectTypeOf(client.value('other', ctx, false)).toEqualTypeOf<boolean>();
    expectTypeOf(client.value('other', ctx, 3)).toEqualTypeOf<number>();
    expectTypeOf(client.value('other', ctx, { a: 1 })).toEqualTypeOf<{ a: number }>();
  });
});
