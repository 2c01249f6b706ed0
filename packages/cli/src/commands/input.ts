import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isInvalidConfigError, parseConfigJson } from '@rampkit/core';
import { errorCode, errorMessage, isNodeError } from '@rampkit/core/internal';
import { parseDocument } from 'yaml';
import { UsageError } from '../program/errors.js';
import type { CliIo } from '../program/output.js';

/** Text read from a file, or stdin for `-`, with the name to show in messages. */
export interface InputText {
  text: string;
  source: string;
}

/** @throws UsageError when the file cannot be read */
export async function readInput(path: string, io: CliIo, command: string): Promise<InputText> {
  if (path === '-') return { text: await readStream(io.stdin), source: 'stdin' };
  try {
    return { text: await readFile(resolve(io.cwd, path), 'utf8'), source: path };
  } catch (error) {
    const why = isNodeError(error, 'ENOENT') ? 'no such file' : (errorCode(error) ?? errorMessage(error));
    throw new UsageError(`${command}: cannot read ${path} (${why})`, command);
  }
}

/**
 * JSON when the text opens with `{` or `[` (after a byte-order mark, if any), else YAML. JSON is
 * read as core reads flags files: a key given twice in one object is an InvalidConfigError.
 * @throws UsageError naming the line of a syntax error
 * @throws InvalidConfigError naming the path of each duplicate key
 */
export function parseStructured(input: InputText, command: string): unknown {
  // trimStart() drops a byte-order mark too: it is white space to JavaScript, not to JSON.
  const trimmed = input.text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return parseConfigJson(input.text, input.source);
    } catch (error) {
      const syntax = isInvalidConfigError(error)
        ? error.issues.find((issue) => issue.path === '$')
        : undefined;
      if (syntax === undefined) throw error;
      throw new UsageError(`${command}: ${input.source} is not valid JSON: ${syntax.message}`, command);
    }
  }
  const document = parseDocument(input.text, { uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line;
    const where = line === undefined ? '' : ` (line ${line})`;
    throw new UsageError(
      `${command}: ${input.source} is not valid YAML${where}: ${first.message.split('\n')[0]}`,
      command,
    );
  }
  return document.toJS();
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
