import type { EvaluationResult, JsonValue } from '@rampkit/core';
import type { Request, RequestHandler } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { canary, type RampkitMiddleware, type RequestFlags, rampkit } from './index.js';

declare module '@rampkit/core' {
  interface FlagValueTypes {
    'typed-checkout': boolean;
  }
}

describe('Express.Request is augmented with flags', () => {
  it('types req.flags as the request evaluator', () => {
    expectTypeOf<Request['flags']>().toEqualTypeOf<RequestFlags>();
  });

  it('gives its methods the client’s types, without a context argument', () => {
    const handler: RequestHandler = (req, res) => {
      expectTypeOf(req.flags.isEnabled('a')).toEqualTypeOf<boolean>();
      expectTypeOf(req.flags.variation('a')).toEqualTypeOf<string | undefined>();
      expectTypeOf(req.flags.variation('a', 'stable')).toEqualTypeOf<string>();
      expectTypeOf(req.flags.value('banner', 'Hello')).toEqualTypeOf<string>();
      expectTypeOf(req.flags.value('limit', 10)).toEqualTypeOf<number>();
      expectTypeOf(req.flags.value('typed-checkout', false)).toEqualTypeOf<boolean>();
      expectTypeOf(req.flags.evaluate('a')).toEqualTypeOf<EvaluationResult<JsonValue | undefined>>();
      expectTypeOf(req.flags.all()).toEqualTypeOf<Record<string, EvaluationResult>>();
      // @ts-expect-error declared flags check their default's type
      req.flags.value('typed-checkout', 'yes');
      // @ts-expect-error the context is bound: passing one is an error
      req.flags.isEnabled('a', { targetingKey: 'u1' });
      res.end();
    };
    expectTypeOf(handler).toBeFunction();
  });

  it('types the middleware and canary routes as Express handlers', () => {
    expectTypeOf(rampkit).returns.toEqualTypeOf<RampkitMiddleware>();
    expectTypeOf(rampkit).returns.toExtend<RequestHandler>();
    expectTypeOf(canary).returns.toEqualTypeOf<RequestHandler>();
    expectTypeOf(rampkit).parameter(1).exclude<undefined>().toHaveProperty('context');
  });
});
