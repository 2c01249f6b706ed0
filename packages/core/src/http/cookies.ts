/**
 * The value of cookie `name` in a `Cookie` header, without parsing the rest of the header (the hot
 * path reads one or two cookies; a full parse would allocate an object per request).
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length === 0) return undefined;
  let from = 0;
  while (from < header.length) {
    let end = header.indexOf(';', from);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', from);
    if (eq !== -1 && eq < end && header.slice(from, eq).trim() === name) {
      const value = header.slice(eq + 1, end).trim();
      return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
    from = end + 1;
  }
  return undefined;
}

export interface CookieAttributes {
  maxAge: number;
  path: string;
  domain: string | undefined;
  secure: boolean;
}

/**
 * The anonymous-id cookie around its value, built once per middleware: a first visit then costs one
 * concatenation, `before + id + after` (or `afterSecure` on HTTPS).
 */
export interface IdCookieTemplate {
  readonly before: string;
  readonly after: string;
  readonly afterSecure: string;
}

export function idCookieTemplate(
  name: string,
  attributes: Omit<CookieAttributes, 'secure'>,
): IdCookieTemplate {
  let after = `; Max-Age=${attributes.maxAge}; Path=${attributes.path}`;
  if (attributes.domain !== undefined) after += `; Domain=${attributes.domain}`;
  after += '; HttpOnly; SameSite=Lax';
  return { before: `${name}=`, after, afterSecure: `${after}; Secure` };
}

/** A `Set-Cookie` value for the anonymous id: HttpOnly and SameSite=Lax always, Secure on HTTPS. */
export function serializeIdCookie(name: string, value: string, attributes: CookieAttributes): string {
  const template = idCookieTemplate(name, attributes);
  return template.before + value + (attributes.secure ? template.afterSecure : template.after);
}
