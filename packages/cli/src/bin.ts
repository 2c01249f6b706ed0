#!/usr/bin/env node
import { main } from './program/main.js';

// First Ctrl-C: stop waiting and clean up (leases are handed back). Second: leave at once.
const interrupt = new AbortController();
const onSignal = () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

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
