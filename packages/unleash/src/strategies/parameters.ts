import type { UnleashStrategy } from '../payload/types.js';

/** A strategy's parameters as strings, as Unleash stores them (`"50"`, `"userId"`); absent is `''`. */
export type StrategyParameters = Readonly<Record<string, string>>;

export function readParameters(strategy: UnleashStrategy): StrategyParameters {
  const out: Record<string, string> = {};
  const raw = strategy.parameters;
  if (raw === undefined || raw === null) return out;
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}

export function parameter(parameters: StrategyParameters, name: string): string {
  return Object.hasOwn(parameters, name) ? parameters[name]! : '';
}

/** `a, b ,c` → `['a', 'b', 'c']`: Unleash's comma-separated lists (userIds, IPs, hostNames). */
export function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
