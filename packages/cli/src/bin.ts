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
// Exit now rather than when the last socket or timer of a dependency lets go.
process.exit(code);

// A module, so the await above is allowed at the top level.
export {};
