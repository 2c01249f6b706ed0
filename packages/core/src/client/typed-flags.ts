import type { JsonValue } from '../model/types.js';

/**
 * Declare your flags' value types once and `client.value()` checks keys and defaults against them:
 *
 * ```ts
 * declare module '@rampkit/core' {
 *   interface FlagValueTypes {
 *     checkout: boolean;
 *     'banner-text': string;
 *   }
 * }
 * client.value('checkout', ctx, false); // boolean
 * client.value('checkout', ctx, 'yes'); // type error
 * ```
 * Keys not declared here stay usable; their type follows the default passed.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by users through module augmentation
export interface FlagValueTypes {}

type Widen<T> = T extends boolean ? boolean : T extends string ? string : T extends number ? number : T;

/** The default a call must pass for key `K`. */
export type FlagDefault<K extends string> = K extends keyof FlagValueTypes ? FlagValueTypes[K] : JsonValue;

/** What `client.value(K, ctx, D)` returns. */
export type FlagValue<K extends string, D> = K extends keyof FlagValueTypes ? FlagValueTypes[K] : Widen<D>;
