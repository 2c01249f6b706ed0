import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorCode, errorMessage } from '@rampkit/core/internal';
import type { CommandContext } from '../program/context.js';
import { UsageError } from '../program/errors.js';

/**
 * Writes a command's `--output` file (a report), relative to the working directory.
 * @returns the file's absolute path
 * @throws UsageError naming the file and why it could not be written (`EACCES`, `ENOENT`…)
 */
export async function writeOutputFile(ctx: CommandContext, output: string, text: string): Promise<string> {
  const path = resolve(ctx.out.io.cwd, output);
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${ctx.name}: cannot write ${output} (${errorCode(error) ?? errorMessage(error)})`,
      ctx.name,
    );
  }
  return path;
}
