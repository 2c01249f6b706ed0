/** A request's headers by lower-case name, as Node parses them (a repeated header may be an array). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * A header's value as read from `RequestHeaders`, the first one when it was repeated.
 *
 * Callers read the header themselves (`firstValue(headers['user-agent'])`) rather than pass its name
 * to a shared reader, whose one load site would go megamorphic (bench/http/README.md).
 */
export function firstValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}
