/**
 * `text` as the engine keeps it in its string table, so that keys and variation names parsed from
 * JSON compare by identity with the same words written as literals in an application, not
 * character by character. Property keys are interned: one read back from an object literal is.
 */
export function interned(text: string): string {
  for (const key in { [text]: 0 }) return key;
  return text;
}
