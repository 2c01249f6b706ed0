import { readFileSync } from 'node:fs';
import type { Condition, FlagDefinition, FlagsConfig, FlagType, JsonValue } from '@rampkit/core';
import type { FlagMetadata } from './deps.js';

/** A flag as OpenFeature's `test-flags.json` (flagd's format) writes it. */
interface SpecFlag {
  variants: Record<string, JsonValue>;
  defaultVariant?: string | null;
  disabled?: boolean;
  flagMetadata?: FlagMetadata | null;
  contextEvaluator?: string;
}

export interface TranslatedFlags {
  readonly config: FlagsConfig;
  /** Flags with no Rampkit form, and why; none of them is evaluated by the suites we run. */
  readonly omitted: ReadonlyArray<{ key: string; reason: string }>;
}

/**
 * The targeting expressions of test-flags.json as Rampkit rules: each is "conditions → variant",
 * else the default variant. Only the expressions the file uses are known; any other fails loudly
 * rather than being guessed.
 */
const EXPRESSIONS: Readonly<Record<string, { conditions: Condition[]; variant: string }>> = {
  "email == 'ballmer@macrosoft.com' ? 'zero' : ''": {
    conditions: [{ attribute: 'email', op: 'in', values: ['ballmer@macrosoft.com'] }],
    variant: 'zero',
  },
  "!customer && email == 'ballmer@macrosoft.com' && age > 10 ? 'internal' : ''": {
    conditions: [
      // `!customer`: true when customer is absent or false, i.e. not the value true.
      { attribute: 'customer', op: 'in', values: ['true'], negate: true },
      { attribute: 'email', op: 'in', values: ['ballmer@macrosoft.com'] },
      { attribute: 'age', op: 'gt', values: [10] },
    ],
    variant: 'internal',
  },
};

/**
 * Expresses each flag of test-flags.json as a Rampkit flag: its variants become variations, the
 * default variant is the fallthrough (and the off variation), `disabled` is the kill switch, a
 * targeting expression is a rule, and `flagMetadata` is the flag's `metadata` (the same value types).
 */
export function translateTestFlags(path: string): TranslatedFlags {
  const flags = JSON.parse(readFileSync(path, 'utf8')) as Record<string, SpecFlag>;
  const definitions: FlagDefinition[] = [];
  const omitted: Array<{ key: string; reason: string }> = [];
  for (const [key, flag] of Object.entries(flags)) {
    const defaultVariant = flag.defaultVariant;
    if (typeof defaultVariant !== 'string') {
      omitted.push({ key, reason: 'no default variant: a Rampkit flag always has a variation to serve' });
      continue;
    }
    const definition: FlagDefinition = {
      key,
      type: typeOf(Object.values(flag.variants)),
      enabled: flag.disabled !== true,
      variations: flag.variants,
      offVariation: defaultVariant,
      fallthrough: { variation: defaultVariant },
    };
    if (flag.flagMetadata) definition.metadata = flag.flagMetadata;
    if (flag.contextEvaluator !== undefined) {
      const rule = EXPRESSIONS[flag.contextEvaluator];
      if (rule === undefined)
        throw new Error(`${key}: no Rampkit rule for the expression ${flag.contextEvaluator}`);
      definition.rules = [{ conditions: rule.conditions, variation: rule.variant }];
    }
    definitions.push(definition);
  }
  return { config: { flags: definitions }, omitted };
}

/** OpenFeature's typed resolvers map onto Rampkit's flag types; objects (and mixtures) are JSON. */
function typeOf(values: readonly JsonValue[]): FlagType {
  for (const type of ['boolean', 'string', 'number'] as const) {
    if (values.every((value) => typeof value === type)) return type;
  }
  return 'json';
}
