import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bucketOf, COVERAGE_SEED, LAYER_SEED, SPLIT_SEED } from './hash.js';

const murmurUrl = pathToFileURL(createRequire(import.meta.url).resolve('murmurhash3js')).href;

/**
 * The documented formula, written out independently of hash.ts and run in a fresh `node`:
 * bucket = MurmurHash3_x86_32(utf8(salt + ":" + unit), seed) % 10000, with the seeds of the spec.
 * murmurhash3js reads one byte per UTF-16 unit, so the UTF-8 bytes are passed as a latin1 string.
 */
const childScript = `
import murmur from ${JSON.stringify(murmurUrl)};
import { readFileSync } from 'node:fs';
const seeds = [0, 0x636f7665, 0x6c617972];
const units = JSON.parse(readFileSync(0, 'utf8'));
const bucket = (salt, unit, seed) =>
  murmur.x86.hash32(Buffer.from(salt + ':' + unit, 'utf8').toString('latin1'), seed) % 10000;
process.stdout.write(JSON.stringify(units.map(([salt, unit]) => seeds.map((seed) => bucket(salt, unit, seed)))));
`;

const salts = ['checkout', 'new-pricing', 'Ünïcode-sålt'];
const names = [
  ...Array.from({ length: 100 }, (_, i) => `user-${i}`),
  ...Array.from({ length: 50 }, (_, i) => String(i * 7919)),
  'Zoë',
  '用户-42',
  '🚀-launch',
  'ﬀ-ligature',
  'a'.repeat(1000),
  ' ',
];
const pairs = salts.flatMap((salt) => names.map((unit) => [salt, unit] as const));

describe('the same unit gets the same bucket in every process', () => {
  it('a child node process applying the documented formula agrees with bucketOf', () => {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', childScript], {
      input: JSON.stringify(pairs),
      encoding: 'utf8',
    });
    const theirs = JSON.parse(output) as number[][];
    const ours = pairs.map(([salt, unit]) =>
      [SPLIT_SEED, COVERAGE_SEED, LAYER_SEED].map((seed) => bucketOf(salt, unit, seed)),
    );
    expect(theirs).toHaveLength(pairs.length);
    expect(ours).toEqual(theirs);
  });
});
