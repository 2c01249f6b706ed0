import type { ValidationIssue } from '@rampkit/core';
import {
  checkKnownKeys,
  describeValue,
  expectBoolean,
  expectNumber,
  expectOneOf,
  expectRecord,
} from '@rampkit/core/validation';
import { InvalidPlanError } from '../errors.js';
import { type AnalysisSettings, type CheckName, DEFAULT_ANALYSIS, type LatencyQuantile } from './types.js';

/** Analysis settings as a plan writes them: every field optional, defaults from `DEFAULT_ANALYSIS`. */
export interface AnalysisSettingsInput {
  minRequests?: number;
  maxErrorRate?: number;
  maxLatencyMs?: Partial<Record<LatencyQuantile, number>>;
  compareErrorRate?: Partial<AnalysisSettings['compareErrorRate']>;
  compareLatency?: Partial<AnalysisSettings['compareLatency']>;
  critical?: CheckName[];
  consecutiveFailures?: number;
}

const CHECK_NAMES: readonly CheckName[] = [
  'minSamples',
  'errorRate',
  'latency',
  'compareErrorRate',
  'compareLatency',
];
const QUANTILES: readonly LatencyQuantile[] = ['p50', 'p95', 'p99'];
const TOP_LEVEL_KEYS = [
  'minRequests',
  'maxErrorRate',
  'maxLatencyMs',
  'compareErrorRate',
  'compareLatency',
  'critical',
  'consecutiveFailures',
];

/**
 * Fills in defaults and validates: the settings a judge runs with.
 * @param path JSON path of the settings in the plan, used in messages. @default 'analysis'
 * @throws InvalidPlanError listing every problem as `path: message`, e.g.
 *   `analysis.compareErrorRate.alpha: must be in (0, 0.5), got 0.7`
 */
export function resolveAnalysisSettings(input?: AnalysisSettingsInput, path = 'analysis'): AnalysisSettings {
  const { settings, issues } = readAnalysisSettings(input, path);
  if (issues.length > 0) throw new InvalidPlanError(issues);
  return settings;
}

/**
 * The same validation without throwing, for a plan validator that gathers the issues of a whole plan.
 * `settings` is only meaningful when `issues` is empty. Accepts any parsed JSON or YAML value.
 */
export function readAnalysisSettings(
  input: unknown,
  path = 'analysis',
): { settings: AnalysisSettings; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const reader = new Reader(issues);
  const source = reader.object(input, path) ?? {};
  reader.noUnknownKeys(source, TOP_LEVEL_KEYS, path);

  const compareErrorRate = reader.object(source.compareErrorRate, `${path}.compareErrorRate`) ?? {};
  reader.noUnknownKeys(compareErrorRate, ['enabled', 'alpha', 'margin'], `${path}.compareErrorRate`);
  const compareLatency = reader.object(source.compareLatency, `${path}.compareLatency`) ?? {};
  reader.noUnknownKeys(
    compareLatency,
    ['enabled', 'quantile', 'tolerance', 'minRequests'],
    `${path}.compareLatency`,
  );
  const defaults = DEFAULT_ANALYSIS;

  const settings: AnalysisSettings = {
    minRequests: reader.integer(source.minRequests, `${path}.minRequests`, 1) ?? defaults.minRequests,
    compareErrorRate: {
      enabled:
        reader.boolean(compareErrorRate.enabled, `${path}.compareErrorRate.enabled`) ??
        defaults.compareErrorRate.enabled,
      alpha:
        reader.number(compareErrorRate.alpha, `${path}.compareErrorRate.alpha`, {
          above: 0,
          below: 0.5,
          message: 'must be in (0, 0.5)',
        }) ?? defaults.compareErrorRate.alpha,
      margin:
        reader.number(compareErrorRate.margin, `${path}.compareErrorRate.margin`, {
          atLeast: 0,
          message: 'must be a relative margin ≥ 0 (0.1 = 10% above stable)',
        }) ?? defaults.compareErrorRate.margin,
    },
    compareLatency: {
      enabled:
        reader.boolean(compareLatency.enabled, `${path}.compareLatency.enabled`) ??
        defaults.compareLatency.enabled,
      quantile:
        reader.quantile(compareLatency.quantile, `${path}.compareLatency.quantile`) ??
        defaults.compareLatency.quantile,
      tolerance:
        reader.number(compareLatency.tolerance, `${path}.compareLatency.tolerance`, {
          atLeast: 0,
          message: 'must be a relative tolerance ≥ 0 (0.3 = 30% above stable)',
        }) ?? defaults.compareLatency.tolerance,
      minRequests:
        reader.integer(compareLatency.minRequests, `${path}.compareLatency.minRequests`, 1) ??
        defaults.compareLatency.minRequests,
    },
    critical: reader.critical(source.critical, `${path}.critical`) ?? [...defaults.critical],
    consecutiveFailures:
      reader.integer(source.consecutiveFailures, `${path}.consecutiveFailures`, 1) ??
      defaults.consecutiveFailures,
  };
  const maxErrorRate = reader.number(source.maxErrorRate, `${path}.maxErrorRate`, {
    atLeast: 0,
    below: 1,
    message: 'must be an error rate in [0, 1)',
  });
  if (maxErrorRate !== undefined) settings.maxErrorRate = maxErrorRate;
  const maxLatencyMs = reader.latencyLimits(source.maxLatencyMs, `${path}.maxLatencyMs`);
  if (maxLatencyMs !== undefined) settings.maxLatencyMs = maxLatencyMs;
  return { settings, issues };
}

interface NumberRule {
  above?: number;
  atLeast?: number;
  below?: number;
  message: string;
}

/** Reads one value each; a wrong value adds an issue and reads as undefined (the default then applies). */
class Reader {
  constructor(private readonly issues: ValidationIssue[]) {}

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    return expectRecord(value, path, this.issues) ? value : undefined;
  }

  noUnknownKeys(value: Record<string, unknown>, known: readonly string[], path: string): void {
    checkKnownKeys(value, known, path, this.issues);
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    return expectBoolean(value, path, this.issues) ? value : undefined;
  }

  number(value: unknown, path: string, rule: NumberRule): number | undefined {
    if (value === undefined) return undefined;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (rule.above === undefined || value > rule.above) &&
      (rule.atLeast === undefined || value >= rule.atLeast) &&
      (rule.below === undefined || value < rule.below);
    if (!ok) return this.fail(path, `${rule.message}, got ${describeValue(value)}`);
    return value as number;
  }

  integer(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined) return undefined;
    return expectNumber(value, { min, integer: true }, path, this.issues) ? value : undefined;
  }

  quantile(value: unknown, path: string): LatencyQuantile | undefined {
    if (value === undefined) return undefined;
    return expectOneOf(value, QUANTILES, path, this.issues) ? value : undefined;
  }

  latencyLimits(value: unknown, path: string): Partial<Record<LatencyQuantile, number>> | undefined {
    const source = this.object(value, path);
    if (source === undefined) return undefined;
    const limits: Partial<Record<LatencyQuantile, number>> = {};
    for (const [key, limit] of Object.entries(source)) {
      if (!QUANTILES.includes(key as LatencyQuantile)) {
        this.fail(`${path}.${key}`, `unknown quantile (known: ${QUANTILES.join(', ')})`);
        continue;
      }
      const ms = this.number(limit, `${path}.${key}`, { above: 0, message: 'must be milliseconds > 0' });
      if (ms !== undefined) limits[key as LatencyQuantile] = ms;
    }
    return limits;
  }

  critical(value: unknown, path: string): CheckName[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      return this.fail(path, `must be an array of check names, got ${describeValue(value)}`);
    const names: CheckName[] = [];
    value.forEach((name: unknown, i) => {
      if (!CHECK_NAMES.includes(name as CheckName)) {
        this.fail(`${path}[${i}]`, `must be one of ${CHECK_NAMES.join(', ')}, got ${describeValue(name)}`);
      } else if (names.includes(name as CheckName)) {
        this.fail(`${path}[${i}]`, `${String(name)} is listed twice`);
      } else {
        names.push(name as CheckName);
      }
    });
    return names;
  }

  private fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }
}
