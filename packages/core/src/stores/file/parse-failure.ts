import { InvalidConfigError } from '../../errors/errors.js';
import { errorMessage } from '../../errors/to-error.js';

/**
 * Turns a parser's exception into an InvalidConfigError naming the file and, when the parser says
 * where it stopped, the line and column, so that a bad edit to a flags file points at itself.
 */
export function parseFailure(source: string, text: string, error: unknown): InvalidConfigError {
  const reason = errorMessage(error);
  const where = locate(text, error, reason);
  const at = where ? ` at line ${where.line} column ${where.column}` : '';
  const failure = new InvalidConfigError(
    [{ path: '$', message: `cannot be parsed${at}: ${reason}` }],
    source,
  );
  failure.cause = error;
  return failure;
}

interface Location {
  line: number;
  column: number;
}

function locate(text: string, error: unknown, reason: string): Location | undefined {
  // YAML parsers (yaml, js-yaml) carry the position on the error; JSON.parse only in its message.
  const linePos = readLinePos(error);
  if (linePos) return linePos;
  const lineColumn = /line (\d+) column (\d+)/.exec(reason);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(reason);
  if (position) return fromOffset(text, Number(position[1]));
  if (/unexpected end/i.test(reason)) return fromOffset(text, text.length);
  return undefined;
}

function readLinePos(error: unknown): Location | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { linePos, mark } = error as { linePos?: unknown; mark?: unknown };
  const first = Array.isArray(linePos) ? (linePos[0] as unknown) : undefined;
  if (isLocation(first)) return { line: first.line, column: first.col };
  // js-yaml marks are zero-based.
  if (isMark(mark)) return { line: mark.line + 1, column: mark.column + 1 };
  return undefined;
}

function isLocation(value: unknown): value is { line: number; col: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { line?: unknown }).line === 'number' &&
    typeof (value as { col?: unknown }).col === 'number'
  );
}

function isMark(value: unknown): value is { line: number; column: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { line?: unknown }).line === 'number' &&
    typeof (value as { column?: unknown }).column === 'number'
  );
}

function fromOffset(text: string, offset: number): Location {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
