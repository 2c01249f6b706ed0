import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, listen, probeServer } from './probe-server.js';
import { Readiness } from './readiness.js';

const servers: Array<ReturnType<typeof probeServer>> = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await closeServer(server);
});

async function serve(metrics: () => Promise<{ contentType: string; text: string }>): Promise<string> {
  const readiness = new Readiness(15_000, () => 0);
  const server = probeServer({ readiness: () => readiness.report(), metrics });
  servers.push(server);
  return `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
}

describe("a standing controller's /metrics says why it failed", () => {
  it('answers 500 with the error message', async () => {
    const url = await serve(async () => {
      throw new Error('registry closed');
    });
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(500);
    await expect(response.json()).resolves.toEqual({ error: 'registry closed' });
  });

  it('answers 500 with what was thrown when it is not an Error (a string)', async () => {
    const url = await serve(() => Promise.reject('exporter not started'));
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(500);
    await expect(response.json()).resolves.toEqual({ error: 'exporter not started' });
  });
});
