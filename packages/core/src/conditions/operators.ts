import type { Operator } from '../model/types.js';

/** What the `values` of an operator hold. */
export type OperandKind = 'text' | 'string' | 'number' | 'semver' | 'date' | 'cidr' | 'none';

/**
 * Every operator with the kind of operands it takes. A `Record` over the `Operator` union, so an
 * operator added to the model without an entry here fails to compile.
 * - text: strings or numbers, compared as text (`in`, `notIn`)
 * - string: strings (`contains`, `startsWith`, `endsWith`)
 */
export const OPERAND_KINDS: Readonly<Record<Operator, OperandKind>> = Object.freeze({
  in: 'text',
  notIn: 'text',
  contains: 'string',
  startsWith: 'string',
  endsWith: 'string',
  eq: 'number',
  lt: 'number',
  lte: 'number',
  gt: 'number',
  gte: 'number',
  semverEq: 'semver',
  semverLt: 'semver',
  semverLte: 'semver',
  semverGt: 'semver',
  semverGte: 'semver',
  before: 'date',
  after: 'date',
  exists: 'none',
  cidr: 'cidr',
});

/** Every condition operator, in the order the docs and the JSON Schema list them. */
export const OPERATORS: readonly Operator[] = Object.freeze(Object.keys(OPERAND_KINDS) as Operator[]);

/** The operators that honour `caseInsensitive`. */
export const CASE_INSENSITIVE_OPERATORS: readonly Operator[] = Object.freeze([
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
] as const);

const KNOWN = new Set<string>(OPERATORS);

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && KNOWN.has(value);
}
