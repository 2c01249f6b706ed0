/**
 * The properties each object of a configuration may have. Anything else is reported (a typo such as
 * `offvariation` must not pass silently). The JSON Schema lists the same names; a test keeps the two
 * in step. Conditions list theirs in conditions/check.ts.
 */
export const CONFIG_KEYS = ['$schema', 'flags', 'segments'] as const;

export const FLAG_KEYS = [
  'key',
  'enabled',
  'type',
  'variations',
  'offVariation',
  'rules',
  'fallthrough',
  'prerequisites',
  'salt',
  'bucketBy',
  'fallbackVariation',
  'track',
  'kind',
  'version',
  'description',
  'tags',
  'metadata',
] as const;

export const SERVE_KEYS = ['variation', 'split'] as const;
export const RULE_KEYS = ['id', 'conditions', 'segments', ...SERVE_KEYS] as const;
export const SPLIT_KEYS = ['weights', 'coverage', 'layer', 'bucketBy', 'salt'] as const;
export const WEIGHT_KEYS = ['variation', 'weight'] as const;
export const LAYER_KEYS = ['key', 'range'] as const;
export const PREREQUISITE_KEYS = ['flag', 'variations'] as const;
export const SEGMENT_KEYS = [
  'key',
  'included',
  'excluded',
  'conditions',
  'unitAttribute',
  'description',
] as const;

export const FLAG_TYPES = ['boolean', 'string', 'number', 'json'] as const;
export const FLAG_KINDS = ['flag', 'canary', 'experiment'] as const;
