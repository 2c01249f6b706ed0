import { RampkitError } from '@rampkit/core';

/** A wrong option of this package's functions: `RAMPKIT_INVALID_ARGUMENT`, naming the option. */
export function invalidOption(
  option: string,
  problem: string,
  where = 'registerRampkitMetrics',
): RampkitError {
  return new RampkitError('RAMPKIT_INVALID_ARGUMENT', `${where}: option '${option}' ${problem}`);
}
