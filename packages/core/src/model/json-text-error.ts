/** A syntax error in JSON text: where (line and column, from 1), and what was expected. */
export class JsonTextError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(reason: string, line: number, column: number) {
    super(`at line ${line} column ${column}: ${reason}`);
    this.name = 'JsonTextError';
    this.line = line;
    this.column = column;
  }
}

/** Lines of a text, to turn offsets into line and column; the line starts are found when first needed. */
export class TextLines {
  readonly #text: string;
  #starts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Line and column (both from 1) of an offset. */
  locate(offset: number): [number, number] {
    if (this.#starts === undefined) {
      const starts = [0];
      for (let at = this.#text.indexOf('\n'); at !== -1; at = this.#text.indexOf('\n', at + 1))
        starts.push(at + 1);
      this.#starts = starts;
    }
    const starts = this.#starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return [low + 1, offset - (starts[low] as number) + 1];
  }
}

/** Where JSON.parse stopped, when its message says (V8 does for most errors). */
export function positionIn(message: string): number | undefined {
  const at = /at position (\d+)/.exec(message);
  return at ? Number(at[1]) : undefined;
}

/** JSON.parse's message without where it stopped (given as line and column instead) or the text it quotes. */
export function jsonParseReason(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
}
