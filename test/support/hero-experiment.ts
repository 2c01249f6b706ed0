import type { FlagsConfig } from '@rampkit/core';

/** An experiment: `hero` splits units 50/50 between `control` and `bold`. */
export const heroExperiment: FlagsConfig = {
  flags: [
    {
      key: 'hero',
      variations: { control: 'plain', bold: 'bold' },
      offVariation: 'control',
      fallthrough: {
        split: {
          weights: [
            { variation: 'control', weight: 5000 },
            { variation: 'bold', weight: 5000 },
          ],
        },
      },
    },
  ],
};
