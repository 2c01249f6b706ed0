/**
 * The HTTP status a framework or library attached to what was thrown: `statusCode` (Fastify,
 * http-errors), else `status` (http-errors, Express's body parser), if it is a number. What it means
 * is the caller's to decide.
 */
export function errorStatus(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  if ('statusCode' in thrown && typeof thrown.statusCode === 'number') return thrown.statusCode;
  if ('status' in thrown && typeof thrown.status === 'number') return thrown.status;
  return undefined;
}
