import { mulberry32 } from '@rampkit/core/testing';
import {
  analyzeExperiment,
  buildStatistics,
  type ExperimentInput,
  type UnitObservation,
  validateExperiment,
} from '@rampkit/experiments';
import { describe, expect, it } from 'vitest';
import { type ExperimentRead, renderExperimentHtml } from './experiment-html.js';

const EXPERIMENT: ExperimentInput = {
  key: 'checkout-page',
  arms: [{ key: 'control' }, { key: 'one-page' }],
  control: 'control',
  metrics: [
    { key: 'purchase', kind: 'binomial', direction: 'higherIsBetter', role: 'goal' },
    { key: 'refund', kind: 'binomial', direction: 'lowerIsBetter', role: 'guardrail' },
  ],
};

/** `units` users, one-page converting at `lift` times control's 20%, refunds alike in both arms. */
function users(units: number, lift: number, seed: number, share = 0.5): UnitObservation[] {
  const random = mulberry32(seed);
  return Array.from({ length: units }, () => {
    const arm = random() < share ? 'control' : 'one-page';
    const rate = arm === 'control' ? 0.2 : 0.2 * lift;
    return { arm, metrics: { purchase: random() < rate ? 1 : 0, refund: random() < 0.02 ? 1 : 0 } };
  });
}

function reads(all: UnitObservation[], every: number): ExperimentRead[] {
  const definition = validateExperiment(EXPERIMENT);
  const result: ExperimentRead[] = [];
  for (let n = every; n <= all.length; n += every) {
    result.push({
      at: n,
      result: analyzeExperiment(definition, buildStatistics(definition, all.slice(0, n))),
    });
  }
  return result;
}

function page(history: ExperimentRead[], source = 'memory'): string {
  return renderExperimentHtml({
    schema: 'rampkit.experiment-report/1',
    generatedAt: Date.UTC(2026, 11, 4),
    source,
    result: (history.at(-1) as ExperimentRead).result,
    reads: history,
    crossovers: 3,
  });
}

describe('an experiment report page', () => {
  it('shows the decision, every lift with its interval, and the intervals narrowing over the reads', () => {
    const html = page(reads(users(20_000, 1.15, 7), 2_000));
    expect(html).toContain('<span class="badge ship">ship</span>');
    expect(html).toContain('The split holds');
    expect(html).toContain('purchase · one-page');
    expect(html).toContain('refund · one-page');
    expect(html).toContain('20,000 units, 3 crossovers');
    // One over-time chart per metric and arm, with one point per read.
    const chart = html.slice(html.indexOf('data-chart="checkout-page-purchase-one-page-over-time"'));
    expect(chart.slice(0, chart.indexOf('</svg>')).match(/<circle /g)).toHaveLength(10);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('withholds verdicts in red when the sample ratio is off, naming observed and expected shares', () => {
    const html = page(reads(users(20_000, 1, 11, 0.53), 20_000));
    expect(html).toContain('<span class="badge withheld">withheld</span>');
    expect(html).toContain('Sample ratio mismatch');
    expect(html).toMatch(
      /<td>control<\/td><td class="num">[\d,]+<\/td><td class="num">5[23]\.\d\d%<\/td><td class="num">50\.00%<\/td>/,
    );
    // A p-value too small to print reads "p < 0.0001", not "p = < 0.0001".
    expect(html).toContain('always-valid p &lt; 0.0001 ≤ 0.001');
  });

  it('says the intervals over time appear from the second read, and escapes every name', () => {
    const html = page(reads(users(2_000, 1, 3), 2_000), 'postgres: schema "<lab>"');
    expect(html).toContain('One read so far');
    expect(html).toContain('postgres: schema &quot;&lt;lab&gt;&quot;');
    expect(html).not.toContain('<lab>');
  });
});
