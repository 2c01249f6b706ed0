import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

/** Runs one example as a user would (`node examples/<name>/index.mjs`) and returns what it printed. */
async function example(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, [join(root, 'examples', name, 'index.mjs')], {
    cwd: root,
    timeout: 60_000,
  });
  return stdout;
}

describe('the HTTP examples run with one command, against themselves, and exit', () => {
  it('express-canary: flags, a stable anonymous id, a canary ramp whose failing arm shows its errors', async () => {
    const out = await example('express-canary');
    expect(out).toMatch(
      /Set-Cookie: rampkit_id=[0-9a-f-]{36}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/,
    );
    for (const percent of [' 5%', '25%', '50%']) expect(out).toContain(`at ${percent}:`);
    // The canary fails one request in twelve; the stable arm never does.
    expect(out).toMatch(/canary requests= *\d+ errors= *[1-9]\d* errorRate=[89]\.\d%/);
    expect(out).not.toMatch(/stable requests= *\d+ errors= *[1-9]/);
    const [, control, shorter] = /"Welcome back" (\d+), "Hi!" (\d+)/.exec(out) ?? [];
    expect(Number(control) + Number(shorter)).toBe(600);
  });

  it('fastify-ab: an A/B test read by the stats engine, and a canary at 20%', async () => {
    const out = await example('fastify-ab');
    expect(out).toMatch(/alice \(beta: yes\) gets .*"darkMode":true/);
    expect(out).toMatch(/bob \(beta: no\) gets .*"darkMode":false/);
    // 3,000 users, one-page converting at 30% against 20%: the engine finds the winner.
    expect(out).toMatch(/control +units=\d+ conversion=\d+\.\d%/);
    const lift = /lift (-?[\d.]+)% \[(-?[\d.]+)%, (-?[\d.]+)%\] p=([\d.e-]+) verdict=better/.exec(out);
    expect(lift, 'a significant lift with its interval').not.toBeNull();
    const [, estimate, lower, upper, p] = (lift as RegExpExecArray).map(Number);
    expect(lower).toBeGreaterThan(0);
    expect(lower).toBeLessThan(estimate as number);
    expect(upper).toBeGreaterThan(estimate as number);
    expect(p).toBeLessThan(0.05);
    expect(out).toMatch(/sample ratio ok \(p=[\d.]+\): control \d+, treatment \d+/);
    expect(out).toMatch(/decision: ship treatment — /);
    expect(out).toMatch(
      /outcomes recorded \(track: true\): control \d+ requests, 0 errors; treatment \d+ requests/,
    );
    const canary = /canary requests=(\d+) errors=0 /.exec(out);
    const stable = /stable requests=(\d+) errors=0 /.exec(out);
    expect(Number(canary?.[1]) + Number(stable?.[1])).toBe(500);
    // 20% of 500 users, within sampling noise.
    expect(Math.abs(Number(canary?.[1]) - 100)).toBeLessThan(30);
  }, 60_000);
});
