const encoder = new TextEncoder();
const HEX = '0123456789ABCDEF';

/**
 * A flag key or variation name as the variations header writes it. Printable ASCII other than the
 * space and the header's own `%`, `,` and `=` is kept; every other character is percent-encoded as
 * its UTF-8 bytes (`✓ new` → `%E2%9C%93%20new`), so `decodeURIComponent` gives each name back.
 * Node refuses a header value with a character past Latin-1, and a name holding `,` or `=` would
 * make the list ambiguous. A lone surrogate is written as U+FFFD's bytes, as UTF-8 encoders do.
 */
export function headerName(name: string): string {
  return isPlain(name) ? name : percentEncode(name);
}

function isPlain(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    if (!isPlainCode(name.charCodeAt(i))) return false;
  }
  return true;
}

function isPlainCode(code: number): boolean {
  // 0x21..0x7e, the printable characters after the space, but '%' (0x25), ',' (0x2c) and '=' (0x3d)
  return code > 0x20 && code < 0x7f && code !== 0x25 && code !== 0x2c && code !== 0x3d;
}

function percentEncode(name: string): string {
  let out = '';
  for (const byte of encoder.encode(name)) {
    out += isPlainCode(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}
