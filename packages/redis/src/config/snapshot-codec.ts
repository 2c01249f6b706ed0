import { createHash, type Hash } from 'node:crypto';
import type { ConfigSnapshot, FlagDefinition, FlagsConfig, SegmentDefinition } from '@rampkit/core';
import { runStepsInSlices, type Steps, type TimeSliceOptions } from '@rampkit/core/internal';

/**
 * How a configuration lies in its Redis hash. A configuration of 10,000 flags is several megabytes
 * of JSON; parsing that in one `JSON.parse` would stall every request of the process for tens of
 * milliseconds. So flags and segments are stored in chunks of about `CHUNK_CHARS` characters
 * (`f:0`, `f:1`…, `s:0`…), each parsed on its own with a chance to yield in between, and `meta`
 * holds the rest of the configuration and the chunk counts. The hash is read with one HGETALL, so
 * a reader always gets one version whole.
 */
export const CHUNK_CHARS = 16 * 1024;
export const FORMAT = 1;

interface Meta {
  format: number;
  flagChunks: number;
  segmentChunks: number;
  /** Everything in the configuration but `flags` and `segments` (`$schema`, future fields). */
  rest: Record<string, unknown>;
  /** Whether the configuration had a `segments` array (so a round trip keeps its shape). */
  hasSegments: boolean;
}

/** A configuration ready for the write script. */
export interface EncodedConfig {
  /** Field/value pairs for HSET, without `version`, `updatedAt`, `generation` and `digest` (the script sets those). */
  fields: string[];
  /**
   * SHA-256 of the fields, base64url: names the content, so that a version number that comes back
   * with other content (after a lossy failover or a restore) is told apart from the one read before.
   */
  digest: string;
}

/**
 * Each step is one item or one chunk, costly enough that the clock is read after every one, so a
 * slice ends as soon as its time is up.
 */
export const CLOCK_EVERY_STEP = { clockEvery: 1 };

export function encodeConfig(config: FlagsConfig, options: TimeSliceOptions): Promise<EncodedConfig> {
  return runStepsInSlices(encodeSteps(config), options, CLOCK_EVERY_STEP);
}

function* encodeSteps(config: FlagsConfig): Steps<EncodedConfig> {
  const { flags, segments, ...rest } = config;
  const fields: string[] = [];
  // Fed chunk by chunk as they are made, so hashing megabytes never holds the loop longer than a slice.
  const hash = createHash('sha256');
  const flagChunks = yield* encodeChunks('f', flags, fields, hash);
  const segmentChunks = yield* encodeChunks('s', segments ?? [], fields, hash);
  const meta: Meta = { format: FORMAT, flagChunks, segmentChunks, rest, hasSegments: segments !== undefined };
  addField(fields, hash, 'meta', JSON.stringify(meta));
  return { fields, digest: hash.digest('base64url') };
}

/**
 * The snapshot in a hash as HGETALL returns it; null for an empty hash (nothing stored).
 * @throws Error when the hash is not a snapshot this version of the store wrote
 */
export function decodeSnapshot(
  hash: Record<string, string>,
  options: TimeSliceOptions,
): Promise<ConfigSnapshot | null> {
  return runStepsInSlices(decodeSteps(hash), options, CLOCK_EVERY_STEP);
}

export function* decodeSteps(hash: Record<string, string>): Steps<ConfigSnapshot | null> {
  if (hash.version === undefined) return null;
  const version = Number(hash.version);
  const updatedAt = Number(hash.updatedAt);
  const meta = parseMeta(hash.meta);
  const flags = yield* decodeChunks<FlagDefinition>('f', meta.flagChunks, hash);
  const segments = yield* decodeChunks<SegmentDefinition>('s', meta.segmentChunks, hash);
  const config = { ...meta.rest, flags } as FlagsConfig;
  if (meta.hasSegments) config.segments = segments;
  const snapshot: ConfigSnapshot = { version, config, updatedAt };
  if (hash.generation !== undefined) snapshot.generation = hash.generation;
  return snapshot;
}

function* encodeChunks(tag: string, items: readonly unknown[], fields: string[], hash: Hash): Steps<number> {
  let chunks = 0;
  let parts: string[] = [];
  let size = 0;
  const emit = () => {
    addField(fields, hash, `${tag}:${chunks}`, `[${parts.join(',')}]`);
    chunks += 1;
    parts = [];
    size = 0;
  };
  for (const item of items) {
    const json = JSON.stringify(item);
    parts.push(json);
    size += json.length + 1;
    if (size >= CHUNK_CHARS) emit();
    yield;
  }
  if (parts.length > 0) emit();
  return chunks;
}

/** JSON holds no raw newline, so newline-separated name and value cannot run into the next pair. */
function addField(fields: string[], hash: Hash, name: string, value: string): void {
  fields.push(name, value);
  hash.update(name).update('\n').update(value).update('\n');
}

function* decodeChunks<T>(tag: string, count: number, hash: Record<string, string>): Steps<T[]> {
  const items: T[] = [];
  for (let i = 0; i < count; i += 1) {
    const chunk = hash[`${tag}:${i}`];
    if (chunk === undefined) throw new Error(`stored configuration is missing chunk ${tag}:${i}`);
    for (const item of JSON.parse(chunk) as T[]) items.push(item);
    yield;
  }
  return items;
}

function parseMeta(json: string | undefined): Meta {
  if (json === undefined) throw new Error('stored configuration has no meta field');
  const meta = JSON.parse(json) as Meta;
  if (meta.format !== FORMAT) {
    throw new Error(
      `stored configuration has format ${String(meta.format)}; this @rampkit/redis reads ${FORMAT}`,
    );
  }
  return meta;
}
