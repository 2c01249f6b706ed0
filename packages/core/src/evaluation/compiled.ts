import type { FlagDefinition, FlagType } from '../model/types.js';

/**
 * A configuration prepared for evaluation: built once per configuration change by `compileConfig`,
 * then read by every evaluation. The public part is what the client and adapters need; the
 * evaluation internals hang off `CompiledFlag` in evaluation/compile.ts.
 */
export interface CompiledFlagInfo {
  readonly key: string;
  readonly type: FlagType;
  readonly version: number;
  /** Outcomes of this flag are recorded (`isTrackedFlag`: its `track`, else true for `kind: 'canary'`). */
  readonly tracked: boolean;
  /** The attribute that identifies a unit (`bucketBy`, default `targetingKey`). */
  readonly unitAttribute: string;
  readonly definition: FlagDefinition;
}
