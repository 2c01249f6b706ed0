import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { ExperimentInput, ExperimentStatistics } from '@rampkit/experiments';
import { describeExperiment } from '../experiment/experiment-text.js';
import type { Command } from '../program/command.js';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import type { ExperimentReportData } from '../report/experiment-html.js';
import { parseStructured, readInput } from './input.js';

/** `experiment report <key> --definition file --stats file [-o report.html|report.json]`. */
export const experimentReport: Command = {
  spec: {
    path: ['experiment', 'report'],
    args: ['<key>'],
    summary: "an experiment's lifts, intervals, sample-ratio check and decision",
    details:
      'Reads the experiment (--definition: key, arms, control, metrics, as @rampkit/experiments takes ' +
      'them; JSON or YAML) and its per-arm sufficient statistics (--stats: JSON, e.g. from a warehouse ' +
      "query), and prints the engine's read: the decision and its reason, the sample-ratio check, and " +
      'each metric with its lift and interval per arm. -o writes a self-contained HTML page (or JSON ' +
      'when the file ends in .json). Results are anytime-valid by default: reading often is safe.',
    options: {
      definition: {
        type: 'string',
        placeholder: 'file',
        description: 'the experiment: key, arms, control, metrics (JSON or YAML)',
      },
      stats: { type: 'string', placeholder: 'file', description: 'per-arm sufficient statistics (JSON)' },
      'per-day': {
        type: 'string',
        placeholder: 'n',
        description: 'units a day, all arms: turns the units still needed into days',
      },
      output: { type: 'string', short: 'o', placeholder: 'file', description: 'write HTML (or .json) here' },
    },
    store: 'none',
    examples: [
      'rampkit experiment report checkout-button --definition experiment.yaml --stats stats.json',
      'rampkit experiment report checkout-button --definition experiment.yaml --stats stats.json -o report.html',
    ],
  },

  async run(ctx) {
    const key = ctx.args[0] as string;
    const definitionPath = ctx.string('definition');
    const statsPath = ctx.string('stats');
    if (definitionPath === undefined || statsPath === undefined) {
      throw new UsageError(
        `${ctx.name}: give the experiment with --definition and its data with --stats`,
        ctx.name,
      );
    }
    const definition = await readStructured(ctx, definitionPath);
    const stats = await readStructured(ctx, statsPath);
    if (isRecord(definition) && definition.key !== undefined && definition.key !== key) {
      throw new UsageError(
        `${ctx.name}: ${definitionPath} defines experiment ${JSON.stringify(definition.key)}, not ${JSON.stringify(key)}`,
        ctx.name,
      );
    }
    const { analyzeExperiment, isInvalidExperimentError, isInvalidStatisticsError } = await import(
      '@rampkit/experiments'
    );
    const perDay = ctx.number('per-day');
    let result: ReturnType<typeof analyzeExperiment>;
    try {
      result = analyzeExperiment(
        { ...(definition as ExperimentInput), key },
        stats as ExperimentStatistics,
        perDay === undefined ? {} : { unitsPerDay: perDay },
      );
    } catch (error) {
      // The engine names the path of every problem; the user knows them as the files they gave.
      if (isInvalidExperimentError(error) || isInvalidStatisticsError(error))
        throw new UsageError(`${ctx.name}: ${error.message}`, ctx.name);
      throw error;
    }
    const generatedAt = Date.now();
    const report: ExperimentReportData = {
      schema: 'rampkit.experiment-report/1',
      generatedAt,
      source: statsPath,
      result,
      reads: [{ at: generatedAt, result }],
    };
    const output = ctx.string('output');
    if (output !== undefined) await writeReport(ctx, output, report);
    if (ctx.out.json)
      ctx.out.data(output === undefined ? report : { key, output: resolve(ctx.out.io.cwd, output) });
    else {
      for (const line of describeExperiment(result)) ctx.out.line(line);
      if (output !== undefined)
        ctx.out.line(`\nwrote the report of ${key} to ${resolve(ctx.out.io.cwd, output)}`);
    }
    return EXIT.ok;
  },
};

async function readStructured(ctx: CommandContext, path: string): Promise<unknown> {
  return parseStructured(await readInput(path, ctx.out.io, ctx.name), ctx.name);
}

async function writeReport(ctx: CommandContext, output: string, report: ExperimentReportData): Promise<void> {
  const text =
    extname(output).toLowerCase() === '.json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : (await import('../report/experiment-html.js')).renderExperimentHtml(report);
  try {
    await writeFile(resolve(ctx.out.io.cwd, output), text, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${ctx.name}: cannot write ${output} (${(error as { code?: string }).code ?? String(error)})`,
      ctx.name,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
