/** Simulates a range of seeds of one section and sends back every policy's runs. */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateRollout } from '@rampkit/rollout/simulation';
import { sections } from './sections.mjs';

const { options, section: index, firstSeed, count } = workerData;
const section = sections(options)[index];
const policies = section.policies();
const runs = policies.map(() => []);
for (let seed = firstSeed; seed < firstSeed + count; seed++) {
  simulateRollout(section.scenario, policies, seed).forEach((run, p) => {
    runs[p].push(run);
  });
}
parentPort.postMessage(runs);
