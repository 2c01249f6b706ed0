import { extname, resolve } from 'node:path';
import { isExperimentDataStore } from '@rampkit/core';
import type { ExperimentInput, ExperimentStatistics } from '@rampkit/experiments';
import { experimentFlags } from '../experiment/experiment-flags.js';
import { describeExperiment } from '../experiment/experiment-text.js';
import type { TrackedDefinitionInput } from '../experiment/tracked-report.js';
import { count } from '../format/format.js';
import type { Command } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import type { ExperimentReportData } from '../report/experiment-html.js';
import { parseStructured, readInput } from './input.js';
import { writeOutputFile } from './output-file.js';

/**
 * `experiment report <key> --definition file (--stats file | --store url) [-o report.html|report.json]`.
 */
export const experimentReport: Command = {
  spec: {
    path: ['experiment', 'report'],
    args: ['<key>'],
    summary: "an experiment's lifts, intervals, sample-ratio check and decision",
    details:
      'Reads the experiment (--definition: its metrics, and key, arms and control, as ' +
      '@rampkit/experiments takes them; JSON or YAML) and its data: the units tracked in the store ' +
      "(--store; arms and control default to the flag's split and off variation), or per-arm " +
      "sufficient statistics (--stats: JSON, e.g. from a warehouse query). Prints the engine's read: " +
      'the decision and its reason, the sample-ratio check, and each metric with its lift and interval ' +
      'per arm. -o writes a self-contained HTML page (or JSON when the file ends in .json). Results ' +
      'are anytime-valid by default: reading often is safe.',
    options: {
      definition: {
        type: 'string',
        placeholder: 'file',
        description: 'the experiment: metrics, and key, arms, control (JSON or YAML)',
      },
      stats: {
        type: 'string',
        placeholder: 'file',
        description: 'per-arm sufficient statistics (JSON) instead of the store',
      },
      'per-day': {
        type: 'string',
        placeholder: 'n',
        description: 'units a day, all arms: turns the units still needed into days',
      },
      output: { type: 'string', short: 'o', placeholder: 'file', description: 'write HTML (or .json) here' },
    },
    store: 'optional',
    examples: [
      'rampkit experiment report checkout-button --definition metrics.yaml --store redis://127.0.0.1:6379',
      'rampkit experiment report checkout-button --definition experiment.yaml --stats stats.json -o report.html',
    ],
  },

  async run(ctx) {
    const key = ctx.args[0] as string;
    const definitionPath = ctx.string('definition');
    const statsPath = ctx.string('stats');
    if (definitionPath === undefined) {
      throw new UsageError(
        `${ctx.name}: give the experiment's metrics with --definition (metrics are not part of a flag)`,
        ctx.name,
      );
    }
    if (statsPath === undefined && ctx.storeLocation() === undefined) {
      throw new UsageError(
        `${ctx.name}: give the data: --store with the tracked units (or RAMPKIT_STORE), or --stats with per-arm statistics`,
        ctx.name,
      );
    }
    const definition = await readStructured(ctx, definitionPath);
    if (isRecord(definition) && definition.key !== undefined && definition.key !== key) {
      throw new UsageError(
        `${ctx.name}: ${definitionPath} defines experiment ${JSON.stringify(definition.key)}, not ${JSON.stringify(key)}`,
        ctx.name,
      );
    }
    const { isInvalidExperimentError, isInvalidStatisticsError } = await import('@rampkit/experiments');
    let report: ExperimentReportData;
    try {
      report =
        statsPath === undefined
          ? await fromStore(ctx, key, definition, definitionPath)
          : await fromStatistics(ctx, key, definition, statsPath);
    } catch (error) {
      // The engine names the path of every problem; the user knows them as the files they gave.
      if (isInvalidExperimentError(error) || isInvalidStatisticsError(error))
        throw new UsageError(`${ctx.name}: ${error.message}`, ctx.name);
      throw error;
    }
    const output = ctx.string('output');
    if (output !== undefined) await writeReport(ctx, output, report);
    if (ctx.out.json)
      ctx.out.data(output === undefined ? report : { key, output: resolve(ctx.out.io.cwd, output) });
    else {
      for (const line of describeExperiment(report.result)) ctx.out.line(line);
      if (report.outsideArms !== undefined)
        ctx.out.line(
          `\n${count(report.outsideArms)} units were exposed to arms the definition does not name: not analysed`,
        );
      if (output !== undefined)
        ctx.out.line(`\nwrote the report of ${key} to ${resolve(ctx.out.io.cwd, output)}`);
    }
    return EXIT.ok;
  },
};

async function fromStatistics(
  ctx: CommandContext,
  key: string,
  definition: unknown,
  statsPath: string,
): Promise<ExperimentReportData> {
  const stats = await readStructured(ctx, statsPath);
  const { analyzeExperiment } = await import('@rampkit/experiments');
  const perDay = ctx.number('per-day');
  const result = analyzeExperiment(
    { ...(definition as ExperimentInput), key },
    stats as ExperimentStatistics,
    perDay === undefined ? {} : { unitsPerDay: perDay },
  );
  const generatedAt = Date.now();
  return {
    schema: 'rampkit.experiment-report/1',
    generatedAt,
    source: statsPath,
    result,
    reads: [{ at: generatedAt, result }],
  };
}

/** The units tracked in the store, read with the flag's split as the arms unless the file names them. */
async function fromStore(
  ctx: CommandContext,
  key: string,
  definition: unknown,
  definitionPath: string,
): Promise<ExperimentReportData> {
  const { store, location } = await ctx.store();
  if (!isExperimentDataStore(store)) {
    throw new UsageError(
      `${ctx.name}: ${location.display} holds no tracked data (a flags file keeps flags only): ` +
        'read experiments from the Redis your apps track into (--store redis://…), or give --stats',
      ctx.name,
    );
  }
  const snapshot = await store.loadConfig();
  const flag = experimentFlags(snapshot?.config).find((candidate) => candidate.key === key);
  if (flag === undefined) {
    throw new UsageError(
      `${ctx.name}: no experiment ${JSON.stringify(key)} in ${location.display} (an experiment is a flag that serves a split; rampkit experiment list shows them)`,
      ctx.name,
    );
  }
  if (!isRecord(definition)) {
    throw new UsageError(`${ctx.name}: ${definitionPath} must hold an object with metrics`, ctx.name);
  }
  const { reportFromTracking, trackedDefinition } = await import('../experiment/tracked-report.js');
  const read = trackedDefinition(flag, definition as TrackedDefinitionInput, definitionPath);
  const rows = await store.readExperimentUnits(key);
  const perDay = ctx.number('per-day');
  return reportFromTracking(read.definition, rows, {
    denominators: read.denominators,
    source: location.display,
    generatedAt: Date.now(),
    ...(perDay === undefined ? {} : { unitsPerDay: perDay }),
  });
}

async function readStructured(ctx: CommandContext, path: string): Promise<unknown> {
  return parseStructured(await readInput(path, ctx.out.io, ctx.name), ctx.name);
}

async function writeReport(ctx: CommandContext, output: string, report: ExperimentReportData): Promise<void> {
  const text =
    extname(output).toLowerCase() === '.json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : (await import('../report/experiment-html.js')).renderExperimentHtml(report);
  await writeOutputFile(ctx, output, text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
