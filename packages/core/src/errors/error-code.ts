/** An error with a string `code`, as Node's system and fs errors (`ENOENT`) and its own (`ERR_…`) have. */
export interface CodedError extends Error {
  code: string;
}

/** The string `code` of what was thrown (`ENOENT`, `EACCES`, `ERR_PARSE_ARGS_UNKNOWN_OPTION`…), if it has one. */
export function errorCode(thrown: unknown): string | undefined {
  if (typeof thrown !== 'object' || thrown === null || !('code' in thrown)) return undefined;
  const { code } = thrown;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether what was thrown is an `Error` with a string `code`, as Node's are; with `code`, that one
 * (`isNodeError(error, 'ENOENT')`).
 */
export function isNodeError(thrown: unknown, code?: string): thrown is CodedError {
  if (!(thrown instanceof Error)) return false;
  const own = errorCode(thrown);
  return own !== undefined && (code === undefined || own === code);
}
