import type { RequestFlags } from '@rampkit/core/http';

declare global {
  namespace Express {
    interface Request {
      /**
       * Rampkit's evaluator for this request, bound to its context and memoised per flag
       * (set by the `rampkit()` middleware).
       */
      flags: RequestFlags;
    }
  }
}
