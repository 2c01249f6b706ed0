import { type ConfigSnapshot, isInvalidConfigError } from '@rampkit/core';
import { adoptSteps, runStepsInSlices, type Steps, type TimeSliceOptions } from '@rampkit/core/internal';
import { CLOCK_EVERY_STEP, decodeSteps } from './snapshot-codec.js';

/**
 * The snapshot in a hash, its configuration adopted (validated and deep-frozen) in the same slices
 * as the decode, so that clients compile its flags on first evaluation rather than all at load
 * (bench/README.md, "Memory per flag"). A hash edited by hand may hold an invalid configuration:
 * then the snapshot comes back unadopted, for the client to validate and report with its path
 * while it keeps the configuration it has.
 * @throws Error when the hash is not a snapshot this version of the store wrote
 */
export function decodeAdoptedSnapshot(
  hash: Record<string, string>,
  key: string,
  options: TimeSliceOptions,
): Promise<ConfigSnapshot | null> {
  return runStepsInSlices(adoptedSteps(hash, key), options, CLOCK_EVERY_STEP);
}

function* adoptedSteps(hash: Record<string, string>, key: string): Steps<ConfigSnapshot | null> {
  const snapshot = yield* decodeSteps(hash);
  if (snapshot === null) return null;
  try {
    // Copied although the decode owns it: the copy shares equal parts (weights, splits), which
    // freezing in place does not, and that sharing is most of a client's memory (bench/README.md).
    const config = yield* adoptSteps(snapshot.config, `Redis key ${key} version ${snapshot.version}`, {
      parsedJson: true,
    });
    return { ...snapshot, config };
  } catch (error) {
    if (isInvalidConfigError(error)) return snapshot;
    throw error;
  }
}
