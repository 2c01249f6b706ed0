import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { renderReportHtml } from '../report/html-report.js';
import { buildReport } from '../report/report-data.js';
import { cliController } from './rollout-common.js';

/** `report <id> [-o file] [--format html|json]`. */
export async function report(ctx: CommandContext): Promise<number> {
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
    const text = format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : renderReportHtml([data]);
    if (output === undefined) {
      ctx.out.write(text);
      return EXIT.ok;
    }
    const path = resolve(ctx.out.io.cwd, output);
    try {
      await writeFile(path, text, 'utf8');
    } catch (error) {
      throw new UsageError(
        `${ctx.name}: cannot write ${output} (${(error as { code?: string }).code ?? String(error)})`,
        ctx.name,
      );
    }
    if (ctx.out.json) ctx.out.data({ id, output: path, format });
    else ctx.out.line(`wrote the ${format.toUpperCase()} report of ${id} to ${path}`);
    return EXIT.ok;
  } finally {
    await controller.close();
  }
}
