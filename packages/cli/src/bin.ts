#!/usr/bin/env node

// First Ctrl-C or SIGTERM: stop waiting and clean up (leases are handed back). Second: leave at once.
// Installed before the commands are loaded, so a signal during start-up is handled too rather than
// ending the process by default (exit 143 for SIGTERM).
const interrupt = new AbortController();
const onSignal = () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A reader that went away (`rampkit … | head`) is not an error of ours: the rest of the output is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const { main } = await import('./program/main.js');

const code = await main(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  },
  interrupt.signal,
);
// Exit now rather than when the last socket or timer of a dependency lets go, but only once what was
// written has left: to a pipe, Node writes asynchronously, and exiting at once cut the output of
// `rampkit … --json | jq` at 64 KiB.
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);

/** Resolves when everything written to `stream` so far has been handed to the system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    // A write's callback runs after the writes before it: an empty one marks the end of the output.
    else stream.write('', () => resolve());
  });
}

// A module, so the await above is allowed at the top level.
export {};
