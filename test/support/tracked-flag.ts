import type { FlagsConfig } from '@rampkit/core';

/**
 * One tracked boolean flag, `checkout`, serving `on` to everyone: the smallest config whose
 * evaluations and outcomes a client counts, for the tests of what observers and exporters see.
 */
export function trackedCheckout(): FlagsConfig {
  return {
    flags: [
      {
        key: 'checkout',
        track: true,
        variations: { on: true, off: false },
        offVariation: 'off',
        fallthrough: { variation: 'on' },
      },
    ],
  };
}
