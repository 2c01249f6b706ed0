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

/**
 * Where each line of a text starts, recorded chunk by chunk as the text is read, to turn offsets
 * into line and column (both from 1) without keeping the text. A typed array, grown by doubling:
 * an array of half a million numbers (a 10 MB file) grown element by element costs the garbage
 * collector tens of milliseconds at a time.
 */
export class LineStarts {
  #starts = new Uint32Array(1024);
  #count = 1;

  /** Records the line breaks of `chunk`, which begins at `offset` in the whole text. */
  add(chunk: string, offset: number): void {
    for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) {
      if (this.#count === this.#starts.length) {
        const grown = new Uint32Array(this.#starts.length * 2);
        grown.set(this.#starts);
        this.#starts = grown;
      }
      this.#starts[this.#count++] = offset + at + 1;
    }
  }

  locate(offset: number): [number, number] {
    const starts = this.#starts;
    let low = 0;
    let high = this.#count - 1;
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
