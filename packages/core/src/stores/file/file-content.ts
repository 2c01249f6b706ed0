import type { Steps } from '../../internal/time-slice.js';

/*
 * A flags file's content as byte chunks (one when read, several when written), handled a chunk at
 * a time: on a slow machine any single pass over 10 MB (decoding it, copying it, comparing it)
 * holds the event loop for tens of milliseconds (bench/config-load).
 */

export type Content = readonly Uint8Array[];

/**
 * Bytes decoded, encoded or compared per step: small, since the steps run sixteen to a clock
 * reading (internal/time-slice.ts), and each should cost about what one flag does.
 */
const CHUNK_BYTES = 16 * 1024;
const COMPARE_BYTES = 16 * 1024;

/** The text of `content` (UTF-8, a byte-order mark at the start dropped), about 16 KiB per chunk. */
export function* decodedChunks(content: Content): Generator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  for (const bytes of content) {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
      yield decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true });
    }
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** The whole text of `content` (for a parser given as an option, which takes one string). */
export function decodedText(content: Content): string {
  return [...decodedChunks(content)].join('');
}

/**
 * Text encoded as UTF-8 as it is added, part by part, in chunks of about 16 KiB: the parts are
 * dropped as soon as their chunk is encoded, so only the bytes outlive the writing.
 */
export class Utf8Chunks {
  readonly #encoder = new TextEncoder();
  readonly #chunks: Uint8Array[] = [];
  #batch: string[] = [];
  #size = 0;

  add(part: string): void {
    this.#batch.push(part);
    this.#size += part.length;
    if (this.#size >= CHUNK_BYTES) this.#flush();
  }

  /** Every chunk, the last one included. */
  finish(): Uint8Array[] {
    this.#flush();
    return this.#chunks;
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    this.#chunks.push(this.#encoder.encode(this.#batch.join('')));
    this.#batch = [];
    this.#size = 0;
  }
}

/** Whether two contents hold the same bytes, however they are cut into chunks; 16 KiB per step. */
export function* sameContentSteps(a: Content, b: Content): Steps<boolean> {
  if (totalLength(a) !== totalLength(b)) return false;
  const left = new Cursor(a);
  const right = new Cursor(b);
  while (!left.done()) {
    yield;
    const length = Math.min(left.available(), right.available(), COMPARE_BYTES);
    if (Buffer.compare(left.take(length), right.take(length)) !== 0) return false;
  }
  return true;
}

function totalLength(content: Content): number {
  let length = 0;
  for (const bytes of content) length += bytes.length;
  return length;
}

/** Reads a content's bytes in order, across its chunks. */
class Cursor {
  readonly #content: Content;
  #chunk = 0;
  #offset = 0;

  constructor(content: Content) {
    this.#content = content;
    this.#skipEmpty();
  }

  done(): boolean {
    return this.#chunk >= this.#content.length;
  }

  /** Bytes left in the current chunk. */
  available(): number {
    return (this.#content[this.#chunk] as Uint8Array).length - this.#offset;
  }

  take(length: number): Uint8Array {
    const bytes = (this.#content[this.#chunk] as Uint8Array).subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    this.#skipEmpty();
    return bytes;
  }

  #skipEmpty(): void {
    while (
      this.#chunk < this.#content.length &&
      this.#offset >= (this.#content[this.#chunk] as Uint8Array).length
    ) {
      this.#chunk++;
      this.#offset = 0;
    }
  }
}
