/**
 * The simulations of bench/experiments. Each section runs `runs` independent experiments (seeded per
 * run) in chunks on worker threads; `simulate` returns a partial that `merge` adds up. Everything
 * measured is a count of simulated units or runs: the same on every machine for the same seeds.
 */
import { aaSection } from './aa.mjs';
import { coverageSection } from './coverage.mjs';
import { cupedSection } from './cuped.mjs';
import { powerSection } from './power.mjs';
import { srmDetectionSection, srmHealthySection } from './srm.mjs';

export { mergeDeep } from './merge.mjs';

/** Every section; `scale` shrinks the run counts (quick mode). */
export function sections({ scale }) {
  return [
    aaSection(scale),
    coverageSection(scale),
    powerSection(scale),
    cupedSection(scale),
    srmDetectionSection(scale),
    srmHealthySection(scale),
  ];
}
