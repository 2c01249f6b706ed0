import { quote } from './describe-value.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of a property: `flags[0].key`, or `variations["two words"]` for other names; the root is `''`. */
export function childPath(path: string, key: string): string {
  const part = IDENTIFIER.test(key) ? `.${key}` : `[${quote(key)}]`;
  return path === '' ? part.replace(/^\./, '') : `${path}${part}`;
}

/** The path of an array element: `flags[0]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
