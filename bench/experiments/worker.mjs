/** Simulates a range of runs of one section and sends back its partial. */
import { parentPort, workerData } from 'node:worker_threads';
import { sections } from './sections/index.mjs';

const { options, section: index, firstRun, count } = workerData;
parentPort.postMessage(sections(options)[index].simulate(firstRun, count));
