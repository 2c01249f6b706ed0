import type { Http2Server, Http2ServerRequest } from 'node:http2';
import type { EvaluationResult, JsonValue } from '@rampkit/core';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import { canary, type HttpStats, type RampkitFastifyOptions, type RequestFlags, rampkit } from './index.js';

declare module '@rampkit/core' {
  interface FlagValueTypes {
    'typed-banner': string;
  }
}

describe('FastifyRequest is augmented with flags', () => {
  it('types request.flags as the request evaluator', () => {
    expectTypeOf<FastifyRequest['flags']>().toEqualTypeOf<RequestFlags>();
  });

  it('gives its methods the client’s types, without a context argument', () => {
    const handler = (request: FastifyRequest) => {
      expectTypeOf(request.flags.isEnabled('a')).toEqualTypeOf<boolean>();
      expectTypeOf(request.flags.variation('a')).toEqualTypeOf<string | undefined>();
      expectTypeOf(request.flags.variation('a', 'stable')).toEqualTypeOf<string>();
      expectTypeOf(request.flags.value('count', 3)).toEqualTypeOf<number>();
      expectTypeOf(request.flags.value('typed-banner', 'Hello')).toEqualTypeOf<string>();
      expectTypeOf(request.flags.evaluate('a')).toEqualTypeOf<EvaluationResult<JsonValue | undefined>>();
      expectTypeOf(request.flags.all()).toEqualTypeOf<Record<string, EvaluationResult>>();
      expectTypeOf(request.flags.context.targetingKey).toEqualTypeOf<string | undefined>();
      // @ts-expect-error declared flags check their default's type
      request.flags.value('typed-banner', 42);
      // @ts-expect-error the context is bound: passing one is an error
      request.flags.variation('a', { targetingKey: 'u1' });
    };
    expectTypeOf(handler).toBeFunction();
  });

  it('types fastify.rampkit, the plugin options and canary routes', () => {
    expectTypeOf<FastifyInstance['rampkit']['stats']>().toEqualTypeOf<HttpStats>();
    expectTypeOf<RampkitFastifyOptions>().toHaveProperty('client');
    expectTypeOf<RampkitFastifyOptions['context']>().toEqualTypeOf<
      | ((
          req: FastifyRequest,
          defaults: import('@rampkit/core').EvaluationContext,
        ) => import('@rampkit/core').EvaluationContext)
      | undefined
    >();
    const arms = { stable: async () => 'v1', canary: async () => 'v2' };
    expectTypeOf(canary('payments', arms)).toEqualTypeOf<RouteHandlerMethod>();
    expectTypeOf(rampkit).toBeFunction();
  });

  it('types canary routes on an HTTP/2 server too, its handlers given HTTP/2 requests', () => {
    const http2 = {} as FastifyInstance<Http2Server>;
    http2.get(
      '/pay',
      canary('payments', {
        stable: async (request) => {
          expectTypeOf(request.raw).toEqualTypeOf<Http2ServerRequest>();
          return 'v1';
        },
        canary: async () => 'v2',
      }),
    );
    expectTypeOf(canary<Http2Server>).returns.toEqualTypeOf<RouteHandlerMethod<Http2Server>>();
  });
});
