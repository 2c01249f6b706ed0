import type { ValidationIssue } from '../errors/errors.js';
import { errorMessage } from '../errors/to-error.js';
import type { Steps } from '../internal/time-slice.js';
import { childPath } from '../validation/index.js';
import { type Frame, openFrame, pathOf, put, rememberName } from './json-frames.js';
import { JsonTextError, jsonParseReason, LineStarts, positionIn } from './json-text-error.js';

/**
 * Reads JSON text in steps, for flags files of many megabytes: one `JSON.parse` of 10 MB holds the
 * event loop for a hundred milliseconds or more, and on a slow machine so does any single pass over
 * 10 MB, even decoding it (bench/config-load). So the text arrives in chunks (a file's bytes
 * decoded a few kilobytes at a time) and is never joined into one string: the scanner keeps
 * a window of it, from the start of what it still needs. It checks the text's structure itself
 * (brackets, commas, colons, property names, numbers and literals); each value two levels down (a
 * flag, a segment) is handed to `JSON.parse` on its own as soon as it ends, and the two levels
 * above are assembled from the results, so that work can pause between any two of them. Every
 * string is read by `JSON.parse` in the end (property names of the top two levels one by one),
 * so the text is accepted only if it is JSON, and the value is the one `JSON.parse` gives.
 *
 * On the way it keeps the property names of every object, which `JSON.parse` cannot report: a
 * name given twice in one object is an issue (`flags[2].variations.on: duplicate key…`).
 */

export { JsonTextError } from './json-text-error.js';

export interface ScannedJson {
  value: unknown;
  /** One per property name given again in the same object, in the order of the text. */
  duplicates: ValidationIssue[];
}

/**
 * Characters scanned between two steps, about one flag's worth: the steps run sixteen to a clock
 * reading (internal/time-slice.ts).
 */
const STEP_CHARS = 1024;

const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Values at this depth (the root is at 0) are parsed by JSON.parse, one at a time. */
const PIECE_DEPTH = 2;

enum State {
  /** A value must come next. */
  Value,
  /** Just after `{`: a property name or `}`. */
  ObjectStart,
  /** After a comma in an object: a property name. */
  Key,
  /** After a property name: `:`. */
  Colon,
  /** Just after `[`: a value or `]`. */
  ArrayStart,
  /** After a member or element: `,` or the closing bracket. */
  Next,
  /** After the root value: only white space. */
  End,
}

/**
 * Scans the text that `chunks` yields, in order (a byte-order mark already removed), in steps;
 * throws JsonTextError for text that is not JSON.
 */
export function* scanJson(chunks: Iterator<string>): Steps<ScannedJson> {
  const scanner = new JsonScanner(chunks);
  while (!scanner.scan(STEP_CHARS)) yield;
  return { value: scanner.value, duplicates: scanner.duplicates };
}

/** A "need more text" signal from the token readers: the window ends inside the token. */
const MORE = -1;

class JsonScanner {
  readonly duplicates: ValidationIssue[] = [];
  value: unknown;
  readonly #chunks: Iterator<string>;
  #exhausted = false;
  /** The window of the text being read, and the offset in the whole text of its first character. */
  #text = '';
  #base = 0;
  /** Where in the window the next character to read is. */
  #pos = 0;
  #state = State.Value;
  /** Open containers, outermost first; `#frames[0..#depth)` are in use, the rest kept for reuse. */
  readonly #frames: Frame[] = [];
  #depth = 0;
  /** Where in the whole text the value being read at each depth from 0 to PIECE_DEPTH began. */
  readonly #starts: number[] = [0, 0, 0];
  readonly #lines = new LineStarts();

  constructor(chunks: Iterator<string>) {
    this.#chunks = chunks;
  }

  /** Scans about `chars` characters; true once the whole text is read. */
  scan(chars: number): boolean {
    const stop = this.#base + this.#pos + chars;
    for (;;) {
      let pos = this.#pos;
      const text = this.#text;
      let c = text.charCodeAt(pos);
      // White space: space, tab, line feed, carriage return (indentation comes in runs).
      while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
      this.#pos = pos;
      if (pos >= text.length) {
        if (this.#extend()) continue;
        if (this.#state !== State.End) this.#fail('unexpected end of the text');
        return true;
      }
      if (this.#base + pos >= stop) return false;
      if (!this.#step(c)) {
        // The token reaches the end of the window: read it again with more text or, once there
        // is no more, as it is.
        if (this.#exhausted) this.#failIncomplete();
        this.#extend();
      }
    }
  }

  /** Reads what begins with `c` at `#pos`; false when the window ends inside it. */
  #step(c: number): boolean {
    switch (this.#state) {
      case State.Value:
        return this.#beginValue(c);
      case State.ObjectStart:
        if (c === 125 /* } */) this.#close();
        else if (c === 34 /* " */) return this.#readKey();
        else this.#fail('expected a property name or "}"');
        return true;
      case State.Key:
        if (c !== 34) this.#fail('expected a property name (a comma cannot come before "}")');
        return this.#readKey();
      case State.Colon:
        if (c !== 58 /* : */) this.#fail('expected ":" after a property name');
        this.#pos++;
        this.#state = State.Value;
        return true;
      case State.ArrayStart:
        if (c === 93 /* ] */) {
          this.#close();
          return true;
        }
        return this.#beginValue(c);
      case State.Next: {
        const frame = this.#frames[this.#depth - 1] as Frame;
        if (c === 44 /* , */) {
          this.#pos++;
          if (frame.isObject) this.#state = State.Key;
          else {
            frame.index++;
            this.#state = State.Value;
          }
        } else if (c === (frame.isObject ? 125 : 93)) {
          this.#close();
        } else {
          this.#fail(
            frame.isObject
              ? 'expected "," or "}" after a property value'
              : 'expected "," or "]" after an array element',
          );
        }
        return true;
      }
      case State.End:
        return this.#fail('unexpected text after the end of the JSON value');
    }
  }

  #beginValue(c: number): boolean {
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (this.#depth <= PIECE_DEPTH) this.#starts[this.#depth] = this.#base + this.#pos;
      this.#open(c === 123);
      return true;
    }
    const end = c === 34 ? this.#stringEnd(this.#pos) : this.#scalarEnd(this.#pos);
    if (end === MORE) return false;
    if (this.#depth <= PIECE_DEPTH) this.#starts[this.#depth] = this.#base + this.#pos;
    this.#pos = end;
    this.#valueDone(false);
    return true;
  }

  #open(isObject: boolean): void {
    this.#pos++;
    openFrame(this.#frames, this.#depth, isObject, this.#depth < PIECE_DEPTH);
    this.#depth++;
    this.#state = isObject ? State.ObjectStart : State.ArrayStart;
  }

  #close(): void {
    this.#pos++;
    this.#depth--;
    this.#valueDone(true);
  }

  /**
   * A value at depth `#depth` ended just before `#pos`: a value of the top two levels is put into
   * its container (parsed first, unless it is a container assembled here).
   */
  #valueDone(isContainer: boolean): void {
    const depth = this.#depth;
    this.#state = depth === 0 ? State.End : State.Next;
    if (depth > PIECE_DEPTH) return;
    const value =
      isContainer && depth < PIECE_DEPTH
        ? (this.#frames[depth] as Frame).built
        : this.#parsePiece((this.#starts[depth] as number) - this.#base, this.#pos);
    if (depth === 0) this.value = value;
    else put(this.#frames[depth - 1] as Frame, value);
  }

  #readKey(): boolean {
    const start = this.#pos;
    const end = this.#stringEnd(start);
    if (end === MORE) return false;
    this.#pos = end;
    const frame = this.#frames[this.#depth - 1] as Frame;
    const raw = this.#text.slice(start + 1, end - 1);
    // Names of the assembled levels are read by JSON.parse, so that it sees every character.
    const name =
      this.#depth <= PIECE_DEPTH || raw.includes('\\') ? (this.#parsePiece(start, end) as string) : raw;
    this.#remember(frame, name, this.#base + start);
    frame.key = name;
    this.#state = State.Colon;
    return true;
  }

  #remember(frame: Frame, name: string, position: number): void {
    const first = rememberName(frame, name, position);
    if (first === undefined) return;
    const [line, column] = this.#lines.locate(position);
    const [firstLine, firstColumn] = this.#lines.locate(first);
    this.duplicates.push({
      path: childPath(pathOf(this.#frames, this.#depth - 1), name),
      message: `duplicate key at line ${line} column ${column}, first at line ${firstLine} column ${firstColumn}`,
    });
  }

  /** Index just past the quote that closes the string opening at `start`, or MORE. */
  #stringEnd(start: number): number {
    const text = this.#text;
    let end = text.indexOf('"', start + 1);
    while (end !== -1) {
      let slash = end - 1;
      while (text.charCodeAt(slash) === 92 /* \ */) slash--;
      // An even number of backslashes before the quote escape one another, not the quote.
      if ((end - 1 - slash) % 2 === 0) return end + 1;
      end = text.indexOf('"', end + 1);
    }
    return MORE;
  }

  /** Index just past the number or literal at `start`, or MORE when it may go on past the window. */
  #scalarEnd(start: number): number {
    const text = this.#text;
    // The characters a number or literal may hold, up to the first other one: if they reach the
    // end of the window, the token may go on in the next chunk.
    let run = start;
    while (run < text.length && isScalarChar(text.charCodeAt(run))) run++;
    if (run === text.length && !this.#exhausted) return MORE;
    const first = text.charCodeAt(start);
    if (first === 45 /* - */ || (first >= 48 && first <= 57) /* 0-9 */) {
      NUMBER.lastIndex = start;
      if (NUMBER.test(text)) return NUMBER.lastIndex;
    } else {
      for (const literal of LITERALS) if (text.startsWith(literal, start)) return start + literal.length;
    }
    return this.#fail(`expected a value, got ${shown(text, start)}`);
  }

  /**
   * Appends the next chunk to the window, dropping what is no longer needed: everything before the
   * token being read, and before the piece being read (which is sliced from the window when it
   * ends). False when there is no more text.
   */
  #extend(): boolean {
    if (this.#exhausted) return false;
    const next = this.#chunks.next();
    if (next.done) {
      this.#exhausted = true;
      return false;
    }
    let keep = this.#pos;
    if (this.#depth > PIECE_DEPTH) keep = Math.min(keep, (this.#starts[PIECE_DEPTH] as number) - this.#base);
    this.#lines.add(next.value, this.#base + this.#text.length);
    this.#text = this.#text.slice(keep) + next.value;
    this.#base += keep;
    this.#pos -= keep;
    return true;
  }

  #parsePiece(start: number, end: number): unknown {
    try {
      return JSON.parse(this.#text.slice(start, end));
    } catch (error) {
      const message = errorMessage(error);
      const at = positionIn(message);
      const offset = at !== undefined ? start + at : /end of JSON input/.test(message) ? end : start;
      throw this.#error(jsonParseReason(message), this.#base + offset);
    }
  }

  /**
   * Inside a piece, the scanner has not looked into strings (JSON.parse does that): throws
   * JSON.parse's error when it lies before `#pos`, so that the first error of the text is the
   * one reported.
   */
  #failEarlier(): void {
    const start = (this.#starts[PIECE_DEPTH] as number) - this.#base;
    try {
      JSON.parse(this.#text.slice(start, this.#pos));
    } catch (error) {
      const message = errorMessage(error);
      const at = positionIn(message);
      if (at === undefined || start + at >= this.#pos) return;
      throw this.#error(jsonParseReason(message), this.#base + start + at);
    }
  }

  /** The window ended inside a token and there is no more text. */
  #failIncomplete(): never {
    const c = this.#text.charCodeAt(this.#pos);
    if (c === 34) return this.#fail('a string is not closed');
    return this.#fail(`expected a value, got ${shown(this.#text, this.#pos)}`);
  }

  #fail(reason: string): never {
    if (this.#depth > PIECE_DEPTH) this.#failEarlier();
    throw this.#error(reason, this.#base + this.#pos);
  }

  #error(reason: string, offset: number): JsonTextError {
    const [line, column] = this.#lines.locate(offset);
    return new JsonTextError(reason, line, column);
  }
}

/** Letters, digits, `+`, `-` and `.`: what numbers and the literals true, false and null are made of. */
function isScalarChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 43 || c === 45 || c === 46
  );
}

/** A character for a message: quoted when printable, else its code point (an invisible U+FEFF). */
function shown(text: string, at: number): string {
  const c = text.codePointAt(at) as number;
  return c > 32 && c < 127
    ? JSON.stringify(String.fromCodePoint(c))
    : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
