import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  // Synchronous, so that the line is written before a process.exit() in the main thread.
  if (log !== undefined) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
