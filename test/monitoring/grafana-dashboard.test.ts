/**
 * The Grafana dashboard in examples/ and the PromQL in docs/monitoring.md name only Rampkit's
 * series, as @rampkit/prometheus registers them: a renamed series breaks this test, not a user's
 * dashboard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERIES } from '@rampkit/prometheus';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, readBlocks } from '../support/doc-blocks.js';

const CONTRACT = new Set(Object.values(SERIES).map((series) => `rampkit_${series}`));
/** What a histogram's series are read by. */
const HISTOGRAM_PARTS = ['_bucket', '_sum', '_count'];

/** PromQL's functions, aggregations and keywords: identifiers that are not series. */
const PROMQL_WORDS = new Set(
  `abs absent absent_over_time avg avg_over_time bool by ceil clamp clamp_max clamp_min count
   count_over_time delta deriv exp floor group group_left group_right histogram_quantile ignoring
   increase irate label_replace label_values last_over_time max max_over_time min min_over_time
   offset on or and unless predict_linear quantile quantile_over_time rate resets round scalar sort
   sort_desc stddev sum sum_over_time time topk bottomk vector without`.split(/\s+/),
);

/**
 * The series an expression reads: identifiers left once label matchers (`{…}`), ranges (`[…]`),
 * label lists of `by`/`without`/`on`/`ignoring`/`group_*`, strings, numbers and Grafana's
 * `label_values` label are taken out.
 */
function seriesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    // Grafana's label_values(series, label): the label is not a series.
    .replace(/label_values\(([^,]+),\s*[a-zA-Z_]+\)/g, '$1')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\b\d+(\.\d+)?(e[-+]?\d+)?\b/gi, ' ');
  const names = stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return names.filter((name) => !PROMQL_WORDS.has(name));
}

/** Whether `name` is a series of the contract, or a part of its histogram. */
function inContract(name: string): boolean {
  if (CONTRACT.has(name)) return true;
  const part = HISTOGRAM_PARTS.find((suffix) => name.endsWith(suffix));
  return part !== undefined && CONTRACT.has(name.slice(0, -part.length)) && name.includes('duration_seconds');
}

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

describe('examples/grafana/rampkit-dashboard.json', () => {
  const text = readFileSync(join(REPO_ROOT, 'examples/grafana/rampkit-dashboard.json'), 'utf8');
  const dashboard = JSON.parse(text) as {
    uid: string;
    title: string;
    schemaVersion: number;
    panels: Panel[];
    templating: { list: { name: string; query?: unknown; definition?: string }[] };
  };
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

  it('is a Grafana dashboard: a uid, a title, a schema version, panels with positions', () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.title).toBe('Rampkit');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(30);
    expect(new Set(panels.map((p) => (p as unknown as { id: number }).id)).size).toBe(panels.length);
    for (const panel of dashboard.panels) {
      expect(panel).toHaveProperty('gridPos');
    }
    expect(exprs.length).toBeGreaterThan(10);
  });

  it('every query names only series of the contract, and the contract is all shown', () => {
    const variables = dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : []));
    const named = [...exprs, ...variables].flatMap(seriesOf);
    expect(named.filter((name) => !inContract(name))).toEqual([]);
    const shown = new Set(named.map((name) => name.replace(/_(bucket|sum|count)$/, '')));
    expect([...CONTRACT].filter((series) => !shown.has(series))).toEqual([]);
  });

  it('the check itself tells a series from a label, a function or a range', () => {
    expect(
      seriesOf(
        'histogram_quantile(0.95, sum by (flag, le) (rate(x_bucket{variation="canary"}[5m]))) > 1.5 * y',
      ),
    ).toEqual(['x_bucket', 'y']);
  });
});

describe('docs/monitoring.md', () => {
  const blocks = readBlocks('docs/monitoring.md');

  it('its PromQL and alerting rules name only series of the contract, and its table lists them all', () => {
    const promql = blocks.filter((block) => block.lang === 'promql').map((block) => block.text);
    const rules = blocks
      .filter((block) => block.lang === 'yaml')
      .flatMap((block) => block.text.split(/\n\s*- alert:/).slice(1))
      .map((rule) => /expr: (\|\n[\s\S]*?)(?=\n\s+for:|\n\s+labels:)|expr: (.*)/.exec(rule))
      .map((match) => (match?.[1] ?? match?.[2] ?? '').replace(/^\|/, ''));
    expect(promql.length).toBeGreaterThan(4);
    expect(rules.length).toBeGreaterThan(4);
    const named = [...promql, ...rules].flatMap(seriesOf);
    expect(named.filter((name) => !inContract(name))).toEqual([]);
    const page = readFileSync(join(REPO_ROOT, 'docs/monitoring.md'), 'utf8');
    for (const series of CONTRACT) expect(page).toContain(`| \`${series}\` |`);
  });
});
