import type { JsonValue } from '@rampkit/core';
import { table } from '../format/format.js';
import type { EnvironmentDifference } from './config-diff.js';

/** What a flag or segment present on one side only is called: `only in --to`, or `added` by a promotion. */
export interface DiffWords {
  onlyInFrom: string;
  onlyInTo: string;
}

/** A value printed longer than this is cut: `flags get --json` shows it whole. */
const MAX_VALUE_TEXT = 160;

/**
 * A diff for people, as `git diff --stat` then the fields: one line per flag or segment (`~`
 * changed, `+` only in `--to`, `-` only in `--from`), then per changed one its fields by JSON path,
 * `from → to`.
 */
export function diffLines(differences: readonly EnvironmentDifference[], words: DiffWords): string[] {
  const stat = table(
    differences.map((difference) => [
      difference.status === 'changed' ? '~' : difference.status === 'only-in-to' ? '+' : '-',
      `${difference.kind} ${difference.key}`,
      difference.status === 'changed'
        ? plural(difference.fields?.length ?? 0, 'field')
        : difference.status === 'only-in-to'
          ? words.onlyInTo
          : words.onlyInFrom,
    ]),
  ).map((line) => `  ${line}`);
  const lines = [...stat];
  for (const difference of differences) {
    if (difference.status !== 'changed') continue;
    lines.push('', `${difference.kind} ${difference.key}`);
    for (const field of difference.fields ?? []) {
      lines.push(`  ${field.path}: ${valueText(field.from)} → ${valueText(field.to)}`);
    }
  }
  return lines;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function valueText(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length <= MAX_VALUE_TEXT ? text : `${text.slice(0, MAX_VALUE_TEXT - 1)}…`;
}
