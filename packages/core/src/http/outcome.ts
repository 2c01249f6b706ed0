import { errorStatus } from '../errors/error-status.js';

/** The default error status test. */
export function isServerErrorStatus(status: number): boolean {
  return status >= 500;
}

/**
 * The default error test: an error status, or a thrown error that is not a deliberate 4xx.
 * Frameworks turn thrown `{ statusCode: 404 }` / `{ status: 400 }` errors (http-errors, Fastify's
 * validation errors) into 4xx responses on purpose: the client was wrong, not the arm that served it.
 */
export function isDefaultError(
  errorStatus: (status: number) => boolean,
  status: number,
  threw: boolean,
  error: unknown,
): boolean {
  return errorStatus(status) || (threw && !isClientError(error));
}

function isClientError(error: unknown): boolean {
  const code = errorStatus(error);
  return code !== undefined && code >= 400 && code < 500;
}
