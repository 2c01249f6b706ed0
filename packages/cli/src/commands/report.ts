import type { Command } from '../program/command.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { buildReport } from '../report/report-data.js';
import { writeOutputFile } from './output-file.js';
import { cliController } from './rollout-common.js';

/** `report <id> [-o file] [--format html|json]`. */
export const report: Command = {
  spec: {
    path: ['report'],
    args: ['<id>'],
    summary: "a rollout's report: an HTML page with SVG charts, or JSON",
    details:
      "Charts the canary weight, each arm's error rate, latency and traffic over time, with every verdict.\n" +
      'The page is self-contained (no scripts, no network). Without -o it goes to stdout.',
    options: {
      output: { type: 'string', short: 'o', placeholder: 'file', description: 'write to this file' },
      format: { type: 'string', placeholder: 'html|json', description: 'html (default) or json' },
    },
    store: 'required',
    examples: [
      'rampkit report checkout-v2 -o checkout-v2.html',
      'rampkit report checkout-v2 --format json > report.json',
    ],
  },

  async run(ctx) {
    const output = ctx.string('output');
    // Without a file, --json asks for the report itself as JSON on stdout.
    const format = ctx.string('format') ?? (ctx.out.json && output === undefined ? 'json' : 'html');
    if (format !== 'html' && format !== 'json') {
      throw new UsageError(
        `${ctx.name}: --format must be html or json, got ${JSON.stringify(format)}`,
        ctx.name,
      );
    }
    const { store } = await ctx.store();
    const controller = cliController(ctx, store);
    try {
      const id = ctx.args[0] as string;
      const status = await controller.status(id);
      const data = await buildReport({ status, history: await controller.history(id), metrics: store });
      // The renderer is loaded here, not with every command line (see Command in program/command.ts).
      const text =
        format === 'json'
          ? `${JSON.stringify(data, null, 2)}\n`
          : (await import('../report/html-report.js')).renderReportHtml([data]);
      if (output === undefined) {
        ctx.out.write(text);
        return EXIT.ok;
      }
      const path = await writeOutputFile(ctx, output, text);
      if (ctx.out.json) ctx.out.data({ id, output: path, format });
      else ctx.out.line(`wrote the ${format.toUpperCase()} report of ${id} to ${path}`);
      return EXIT.ok;
    } finally {
      await controller.close();
    }
  },
};
