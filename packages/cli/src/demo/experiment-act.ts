import { Agent, request } from 'node:http';
import type { ConfigStore, ExperimentDataStore, RampkitClient } from '@rampkit/core';
import { validateExperiment } from '@rampkit/experiments';
import { describeExperiment } from '../experiment/experiment-text.js';
import { reportFromTracking } from '../experiment/tracked-report.js';
import { count, paint } from '../format/format.js';
import type { Output } from '../program/output.js';
import type { ExperimentReportData } from '../report/experiment-html.js';
import { type DemoExperiment, experimentFlag } from './experiments.js';

export interface ExperimentActOptions {
  out: Output;
  store: ConfigStore & ExperimentDataStore;
  client: RampkitClient;
  port: number;
  /** Named in each report as where the data came from. */
  source: string;
  experiments: readonly DemoExperiment[];
  /** Distinct visitors per experiment. */
  visitors: number;
  signal?: AbortSignal;
}

/** Requests in flight at once: enough to send thousands of visits in a second or two. */
const CONCURRENCY = 32;

/**
 * The demo's third act: visitors on each experiment's page (each a new unit), the split changed
 * halfway where the scenario says so, then the engine's read of the tracked data, as
 * `rampkit experiment report` prints it.
 */
export async function runExperimentAct(options: ExperimentActOptions): Promise<ExperimentReportData[]> {
  const { out, store, client } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const reports: ExperimentReportData[] = [];
  try {
    for (const experiment of options.experiments) {
      if (reports.length > 0) out.line('');
      out.line(`   ${paint(experiment.flag, 'bold', out.color)}: ${experiment.story}`);
      const half = Math.floor(options.visitors / 2);
      await visit(agent, options.port, experiment, 0, half, options.signal);
      if (experiment.midTestTreatmentWeight !== undefined) {
        await changeSplit(store, client, experiment, experiment.midTestTreatmentWeight);
        out.line(
          `   after ${count(half)} visitors the split moves to ${experiment.treatment} ${experiment.midTestTreatmentWeight / 100}%`,
        );
      }
      await visit(agent, options.port, experiment, half, options.visitors, options.signal);
      await client.flush();
      const rows = await store.readExperimentUnits(experiment.flag);
      const report = reportFromTracking(validateExperiment(experiment.definition), rows, {
        denominators: {},
        source: options.source,
        generatedAt: Date.now(),
      });
      reports.push(report);
      for (const line of describeExperiment(report.result)) out.line(line === '' ? '' : `   ${line}`);
    }
  } finally {
    agent.destroy();
  }
  return reports;
}

/** Moves the experiment's split and waits until the app's client serves the new one. */
async function changeSplit(
  store: ConfigStore,
  client: RampkitClient,
  experiment: DemoExperiment,
  treatmentWeight: number,
): Promise<void> {
  const snapshot = await store.loadConfig();
  const config = snapshot?.config ?? { flags: [] };
  const flags = config.flags.map((flag) =>
    flag.key === experiment.flag ? experimentFlag(experiment, treatmentWeight) : flag,
  );
  const { version } = await store.writeConfig(
    { ...config, flags },
    { expectedVersion: snapshot?.version ?? 0 },
  );
  // The client follows the store by subscription (and Redis by a poll too): give it a few seconds.
  for (let waited = 0; client.configVersion < version && waited < 5000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Visitors `visitor-<flag>-<from>` … `<to - 1>`, one request each, CONCURRENCY at a time. */
async function visit(
  agent: Agent,
  port: number,
  experiment: DemoExperiment,
  from: number,
  to: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to && signal?.aborted !== true) {
      const visitor = `visitor-${experiment.flag}-${next++}`;
      await get(agent, port, experiment.path, visitor);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function get(agent: Agent, port: number, path: string, visitor: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { 'x-user-id': visitor }, timeout: 5000 },
      (res) => {
        res.resume();
        res.once('end', resolve);
        res.once('error', () => resolve());
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve());
    req.end();
  });
}
