import type { HttpStats, RequestFlags } from '@rampkit/core/http';

/** `fastify.rampkit`: what an application may need besides `request.flags`. */
export interface RampkitFastifyDecoration {
  /** Override and context-error counters, outcomes recorded. */
  readonly stats: HttpStats;
  /** Resolves once the client is ready (and the override catalog loaded, when overrides are on). */
  ready(options?: { timeoutMs?: number }): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Rampkit's evaluator for this request, bound to its context and memoised per flag
     * (set by the @rampkit/fastify plugin in `onRequest`).
     */
    flags: RequestFlags;
  }
  interface FastifyInstance {
    rampkit: RampkitFastifyDecoration;
  }
}
