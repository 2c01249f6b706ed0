/** A request's headers by lower-case name, as Node parses them (a repeated header may be an array). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A header's value, the first one when it was repeated. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}
