/**
 * What was thrown, as an `Error`: JavaScript lets code throw anything, and Rampkit's `error` events and
 * loggers take an `Error`. Never throws itself.
 */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(errorMessage(thrown));
}

/**
 * What was thrown, as a message: an `Error`'s own message, anything else as a string. Never throws:
 * a value `String` cannot convert (an object without a prototype, a throwing `toString`) becomes
 * "unknown error".
 */
export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  try {
    return String(thrown);
  } catch {
    return 'unknown error';
  }
}
