import { type Attributes, type Context, context, trace } from '@opentelemetry/api';
import { ATTR_KEY } from './attributes.js';

/** What a transition entry tells (`@rampkit/rollout`'s `TransitionEntry`, the fields used here). */
export interface TransitionLike {
  rolloutId: string;
  type: string;
  status: string;
  stepIndex: number;
  weight: number;
  toWeight: number;
  reason: string;
  by: string;
  at: number;
}

/** What is used of a `RolloutController`: its `transition` event and `status` (for the flag's key). */
export interface ControllerLike {
  on(event: 'transition', listener: (entry: TransitionLike) => void): unknown;
  off(event: 'transition', listener: (entry: TransitionLike) => void): unknown;
  status(id: string): Promise<{ flag: string }>;
}

/** The span event a rollout transition becomes, and the span's name when there is no active one. */
export const ROLLOUT_TRANSITION = 'rampkit.rollout.transition';

/** Rollouts whose flag is remembered at most; a rollout seen again after eviction is looked up again. */
const REMEMBERED = 1000;

/**
 * Records each rollout transition of `controller` (a step, a pause, a promotion, a rollback…) as a
 * `rampkit.rollout.transition` event with the rollout's flag as `feature_flag.key`: on the span that
 * was active when it happened if that span still records, else on a short span of its own. Without an
 * SDK registered, nothing is recorded. Returns the function that stops it.
 */
export function instrumentController(
  controller: ControllerLike,
  options: { tracerName?: string } = {},
): () => void {
  const tracer = trace.getTracer(options.tracerName ?? '@rampkit/opentelemetry');
  const flags = new Map<string, string>();
  const flagOf = async (rolloutId: string): Promise<string | undefined> => {
    const known = flags.get(rolloutId);
    if (known !== undefined) return known;
    try {
      const { flag } = await controller.status(rolloutId);
      if (flags.size >= REMEMBERED) flags.delete(flags.keys().next().value as string);
      flags.set(rolloutId, flag);
      return flag;
    } catch {
      // The rollout was deleted meanwhile: the event goes out without its flag.
      return undefined;
    }
  };

  const record = async (entry: TransitionLike, active: Context) => {
    const attributes: Attributes = {
      'rampkit.rollout.id': entry.rolloutId,
      'rampkit.rollout.transition': entry.type,
      'rampkit.rollout.status': entry.status,
      'rampkit.rollout.step': entry.stepIndex,
      'rampkit.rollout.weight': entry.weight,
      'rampkit.rollout.to_weight': entry.toWeight,
      'rampkit.rollout.reason': entry.reason,
      'rampkit.rollout.by': entry.by,
    };
    const flag = await flagOf(entry.rolloutId);
    if (flag !== undefined) attributes[ATTR_KEY] = flag;
    const span = trace.getSpan(active);
    if (span?.isRecording()) {
      span.addEvent(ROLLOUT_TRANSITION, attributes, entry.at);
      return;
    }
    const own = tracer.startSpan(ROLLOUT_TRANSITION, { startTime: entry.at }, active);
    if (!own.isRecording()) return;
    own.addEvent(ROLLOUT_TRANSITION, attributes, entry.at);
    own.end();
  };

  const listener = (entry: TransitionLike) => {
    // Nothing to do without an SDK: a tracer of the no-op provider records nothing.
    void record(entry, context.active()).catch(() => {});
  };
  controller.on('transition', listener);
  return () => {
    controller.off('transition', listener);
  };
}
