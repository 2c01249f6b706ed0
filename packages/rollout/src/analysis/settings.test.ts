import { describe, expect, it } from 'vitest';
import { InvalidPlanError } from '../errors.js';
import { readAnalysisSettings, resolveAnalysisSettings } from './settings.js';
import { DEFAULT_ANALYSIS } from './types.js';

const issuesOf = (input: unknown) => readAnalysisSettings(input).issues;

describe('resolveAnalysisSettings fills in DEFAULT_ANALYSIS', () => {
  it('returns the defaults for nothing or an empty object', () => {
    expect(resolveAnalysisSettings()).toEqual(DEFAULT_ANALYSIS);
    expect(resolveAnalysisSettings({})).toEqual(DEFAULT_ANALYSIS);
  });

  it('merges nested settings field by field', () => {
    const settings = resolveAnalysisSettings({
      minRequests: 50,
      maxErrorRate: 0.05,
      maxLatencyMs: { p99: 800 },
      compareErrorRate: { alpha: 0.001 },
      compareLatency: { quantile: 'p99', tolerance: 0.1 },
      critical: ['errorRate'],
    });
    expect(settings).toEqual({
      minRequests: 50,
      maxErrorRate: 0.05,
      maxLatencyMs: { p99: 800 },
      compareErrorRate: { enabled: true, alpha: 0.001, margin: 0 },
      compareLatency: { enabled: true, quantile: 'p99', tolerance: 0.1, minRequests: 500 },
      critical: ['errorRate'],
      consecutiveFailures: 3,
    });
  });

  it('does not share arrays with DEFAULT_ANALYSIS', () => {
    const settings = resolveAnalysisSettings();
    settings.critical.push('latency');
    expect(DEFAULT_ANALYSIS.critical).toEqual(['compareErrorRate']);
  });
});

describe('invalid settings are refused with the JSON path of each problem', () => {
  it('names the field and the rule', () => {
    expect(() => resolveAnalysisSettings({ compareErrorRate: { alpha: 0.7 } })).toThrow(InvalidPlanError);
    expect(() => resolveAnalysisSettings({ compareErrorRate: { alpha: 0.7 } })).toThrow(
      'analysis.compareErrorRate.alpha: must be in (0, 0.5), got 0.7',
    );
    expect(() => resolveAnalysisSettings({ minRequests: 0 }, 'steps[2].analysis')).toThrow(
      'steps[2].analysis.minRequests: must be an integer at least 1, got 0',
    );
  });

  it('lists every issue at once', () => {
    expect(
      issuesOf({
        minRequests: 1.5,
        maxErrorRate: 1,
        maxLatencyMs: { p99: -1, p75: 100 },
        compareErrorRate: { enabled: 'yes', margin: -0.1, alhpa: 0.01 },
        compareLatency: { quantile: 'p90', tolerance: Number.NaN, minRequests: 0 },
        critical: ['errorRate', 'errorRate', 'p99'],
        consecutiveFailures: 0,
        extra: true,
      }).map((issue) => issue.path),
    ).toEqual([
      'analysis.extra',
      'analysis.compareErrorRate.alhpa',
      'analysis.minRequests',
      'analysis.compareErrorRate.enabled',
      'analysis.compareErrorRate.margin',
      'analysis.compareLatency.quantile',
      'analysis.compareLatency.tolerance',
      'analysis.compareLatency.minRequests',
      'analysis.critical[1]',
      'analysis.critical[2]',
      'analysis.consecutiveFailures',
      'analysis.maxErrorRate',
      'analysis.maxLatencyMs.p99',
      'analysis.maxLatencyMs.p75',
    ]);
  });

  it('refuses values of the wrong shape', () => {
    expect(issuesOf('fast')).toEqual([
      { path: 'analysis', message: 'must be an object, got the string "fast"' },
    ]);
    expect(issuesOf({ critical: 'errorRate' })).toEqual([
      { path: 'analysis.critical', message: 'must be an array of check names, got the string "errorRate"' },
    ]);
    expect(issuesOf({ compareLatency: [] })).toEqual([
      { path: 'analysis.compareLatency', message: 'must be an object, got an array' },
    ]);
    expect(issuesOf(null)).toEqual([]);
  });
});
