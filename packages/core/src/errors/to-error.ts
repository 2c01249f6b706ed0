/**
 * What was thrown, as an `Error`: JavaScript lets code throw anything, and Rampkit's `error` events and
 * loggers take an `Error`. Never throws itself.
 */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(errorMessage(thrown));
}

/**
 * What was thrown, as a message: an `Error`'s own message; an object's string `message` (an error of
 * another realm, `throw { message }`); an object without one as JSON, since `String` would give
 * "[object Object]"; anything else as a string. Never throws: a value neither can convert (an object
 * without a prototype, a throwing `toString`, a cycle) becomes "unknown error".
 */
export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  try {
    if (typeof thrown === 'object' && thrown !== null) {
      if ('message' in thrown && typeof thrown.message === 'string') return thrown.message;
      const text = String(thrown);
      return text === '[object Object]' ? (JSON.stringify(thrown) ?? text) : text;
    }
    return String(thrown);
  } catch {
    return 'unknown error';
  }
}
