/**
 * `text` as V8 keeps it in its string table. Keys and variation names reach the compiled
 * configuration from JSON, as copies distinct from the same words written as literals in an
 * application (which V8 interns), and two distinct strings compare by their characters: every flag
 * lookup by key and every `variation === 'canary'` would. Interned, they are one string and compare
 * by identity. V8 interns property keys, so a key read back from an object literal is interned.
 */
export function interned(text: string): string {
  for (const key in { [text]: 0 }) return key;
  return text;
}
