import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindNamed } from './named-parameters.js';
import { METRIC_STATISTICS_SQL, SCHEMA_SQL } from './templates.js';

const file = (name: string) => readFileSync(new URL(`../../sql/${name}`, import.meta.url), 'utf8');

describe('the SQL the package runs is the SQL sql/*.sql documents', () => {
  it('templates.ts holds the files verbatim (rerun write-templates.mjs after editing them)', () => {
    expect(SCHEMA_SQL).toBe(file('schema.sql'));
    expect(METRIC_STATISTICS_SQL).toBe(file('metric-statistics.sql'));
  });
});

describe('named parameters become positional ones', () => {
  it('numbers each name once, in order of first use, and skips comments', () => {
    const bound = bindNamed('-- :ignored\nSELECT :b, :a, :b, CAST(:a AS TEXT)', { a: 1, b: 2, ignored: 3 });
    expect(bound).toEqual({ text: '\nSELECT $1, $2, $1, CAST($2 AS TEXT)', values: [2, 1] });
  });

  it('a name without a value is an error naming it', () => {
    expect(() => bindNamed('SELECT :missing', {})).toThrow(/no value for :missing/);
  });
});
