import { RampkitError } from '../errors/errors.js';
import type { Condition, FlagDefinition, JsonValue, Operator, Rule, Serve } from '../model/types.js';

const BOOLEAN_VARIATIONS = { on: true, off: false } as const;

/**
 * Builds one flag fluently for tests. Unlike LaunchDarkly's TestData, percentage rollouts and
 * splits are first-class: `percentage({ canary: 20, stable: 80 })`.
 *
 * A variation may be named by its name (`'canary'`) or, when no variation has that name, by its
 * value (`true`), so boolean flags read naturally: `.serve(true)`.
 */
export class FlagBuilder {
  readonly key: string;
  #variations: Record<string, JsonValue> = { ...BOOLEAN_VARIATIONS };
  #offVariation = 'off';
  #enabled = true;
  #fallthrough: Serve = { variation: 'on' };
  #rules: Rule[] = [];
  #unitTargets = new Map<string, string[]>();
  #extra: Partial<FlagDefinition> = {};

  constructor(key: string) {
    this.key = key;
  }

  /** A boolean flag with variations `on` (true) and `off` (false), serving `on`. The default shape. */
  booleanFlag(): this {
    return this.variations({ ...BOOLEAN_VARIATIONS })
      .offVariation('off')
      .serve('on');
  }

  /** Sets the variations; the first becomes the off variation and what is served until told otherwise. */
  variations(variations: Record<string, JsonValue>): this {
    const names = Object.keys(variations);
    if (names.length === 0) throw argumentError(this.key, 'variations() needs at least one variation');
    this.#variations = { ...variations };
    this.#offVariation = names[0] as string;
    this.#fallthrough = { variation: names[0] as string };
    return this;
  }

  /** Kill switch: a disabled flag serves its off variation to everyone. */
  enabled(enabled = true): this {
    this.#enabled = enabled;
    return this;
  }

  offVariation(variation: string | JsonValue): this {
    this.#offVariation = this.#name(variation);
    return this;
  }

  /** Everyone not targeted by a rule gets this variation. */
  serve(variation: string | JsonValue): this {
    this.#fallthrough = { variation: this.#name(variation) };
    return this;
  }

  /**
   * Everyone not targeted by a rule is split by percentage (decimals allowed, summing to 100), in the
   * declared order: `percentage({ canary: 5, stable: 95 })`.
   */
  percentage(weights: Record<string, number>, options: { coverage?: number } = {}): this {
    const entries = Object.entries(weights).map(([variation, percent]) => ({
      variation: this.#name(variation),
      weight: Math.round(percent * 100),
    }));
    const total = entries.reduce((sum, e) => sum + e.weight, 0);
    if (total !== 10_000)
      throw argumentError(this.key, `percentage() weights must sum to 100, got ${total / 100}`);
    this.#fallthrough = {
      split: {
        weights: entries,
        ...(options.coverage === undefined ? {} : { coverage: Math.round(options.coverage * 100) }),
      },
    };
    return this;
  }

  /** Forces a variation for one unit (its `bucketBy` value, `targetingKey` by default). */
  forUnit(unit: string, variation: string | JsonValue): this {
    const name = this.#name(variation);
    const units = this.#unitTargets.get(name) ?? [];
    if (!units.includes(unit)) units.push(unit);
    this.#unitTargets.set(name, units);
    return this;
  }

  /** Starts a rule: `.ifMatch('country', 'US', 'CA').thenServe('on')`. Rules apply in the order added. */
  ifMatch(attribute: string, ...values: Array<string | number>): RuleBuilder {
    return new RuleBuilder(this, [{ attribute, op: 'in', values }]);
  }

  /** Starts a rule on any operator: `.when('version', 'semverGte', '2.0.0').thenServe('on')`. */
  when(attribute: string, op: Operator, ...values: Array<string | number>): RuleBuilder {
    return new RuleBuilder(this, [{ attribute, op, values }]);
  }

  /** Any other field of the definition (bucketBy, salt, track, kind, prerequisites…). */
  with(fields: Partial<Omit<FlagDefinition, 'key'>>): this {
    Object.assign(this.#extra, fields);
    return this;
  }

  /** @internal used by RuleBuilder */
  addRule(conditions: Condition[], variation: string | JsonValue): this {
    this.#rules.push({ conditions, variation: this.#name(variation) });
    return this;
  }

  /** The definition as it would appear in a flags file. */
  build(version = 1): FlagDefinition {
    const unitAttribute = this.#extra.bucketBy ?? 'targetingKey';
    const targets: Rule[] = [...this.#unitTargets].map(([variation, units]) => ({
      conditions: [{ attribute: unitAttribute, op: 'in', values: units }],
      variation,
    }));
    const rules = [...targets, ...this.#rules];
    return {
      ...this.#extra,
      key: this.key,
      enabled: this.#enabled,
      variations: { ...this.#variations },
      offVariation: this.#offVariation,
      ...(rules.length > 0 ? { rules } : {}),
      fallthrough: this.#fallthrough,
      version,
    };
  }

  #name(variation: string | JsonValue): string {
    if (typeof variation === 'string' && Object.hasOwn(this.#variations, variation)) return variation;
    for (const [name, value] of Object.entries(this.#variations)) {
      if (JSON.stringify(value) === JSON.stringify(variation)) return name;
    }
    throw argumentError(
      this.key,
      `no variation named or valued ${JSON.stringify(variation)}; variations: ${Object.keys(this.#variations).join(', ')}`,
    );
  }
}

export class RuleBuilder {
  readonly #flag: FlagBuilder;
  readonly #conditions: Condition[];

  constructor(flag: FlagBuilder, conditions: Condition[]) {
    this.#flag = flag;
    this.#conditions = conditions;
  }

  /** Adds another condition that must also hold. */
  andMatch(attribute: string, ...values: Array<string | number>): this {
    this.#conditions.push({ attribute, op: 'in', values });
    return this;
  }

  andWhen(attribute: string, op: Operator, ...values: Array<string | number>): this {
    this.#conditions.push({ attribute, op, values });
    return this;
  }

  thenServe(variation: string | JsonValue): FlagBuilder {
    return this.#flag.addRule(this.#conditions, variation);
  }
}

function argumentError(key: string, message: string): RampkitError {
  return new RampkitError('RAMPKIT_INVALID_ARGUMENT', `test flag "${key}": ${message}`);
}
