import type { RolloutStatus } from '@rampkit/rollout';
import { describe, expect, it } from 'vitest';
import { canaryFlag, expectExit, fastPlan, runCli, runCliJson } from '../cli/support/cli.js';
import { redisWorkspace } from '../cli/support/workspace.js';
import { type ControllerProcess, controllerLauncher } from './support/controller-process.js';

const { available, store, work } = await redisWorkspace(
  'controller-probes',
  'rampkit controller probes (test/controller/probes.test.ts)',
);

async function get(controller: ControllerProcess, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${controller.port}${path}`);
  return { status: response.status, text: await response.text() };
}

describe.skipIf(!available)('a standing controller serves its probes and stops cleanly', () => {
  const { start } = controllerLauncher();

  it('/healthz answers while it runs, /readyz once a pass over the store ended, /metrics in Prometheus text', async () => {
    const controller = await start('probe-a', ['--poll-interval', '200ms', ...store]);
    expect(await get(controller, '/healthz')).toMatchObject({ status: 200 });
    let ready = await get(controller, '/readyz');
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await get(controller, '/readyz');
    }
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true });
    const metrics = await get(controller, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^rampkit_controller_passes_total [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^rampkit_controller_leases 0$/m);
    expect(metrics.text).toMatch(/^process_resident_memory_bytes /m);
    expect((await get(controller, '/nowhere')).status).toBe(404);
    controller.child.kill('SIGTERM');
    expect(await controller.exited).toBe(0);
  });

  it('on SIGTERM it hands its leases back and exits 0, so the rollout is free at once', async () => {
    expectExit(await runCli(['flags', 'set', '--inline', JSON.stringify([canaryFlag('cart')]), ...store]), 0);
    // A long hold: the rollout is still live, under this controller's lease, when SIGTERM arrives.
    const plan = work.file('cart-v2', {
      ...fastPlan('cart-v2', 'cart'),
      steps: [{ weight: 10, hold: '10m' }, { weight: 100 }],
    });
    const controller = await start('probe-b', ['--poll-interval', '200ms', '--lease-ttl', '1h', ...store]);
    expectExit(await runCli(['rollout', 'start', plan, ...store]), 0);
    await controller.waitForLine((l) => l.msg === 'lease acquired: driving' && l.rollout === 'cart-v2');
    expect((await get(controller, '/metrics')).text).toMatch(/^rampkit_controller_leases 1$/m);
    const driven = await runCli(['rollout', 'status', 'cart-v2', ...store]);
    expectExit(driven, 0);
    expect(driven.stdout).toMatch(/^ {2}driver {5}driven by probe-b, last tick \d+(ms|s) ago$/m);
    expect(driven.stdout).toMatch(
      /^ {2}lease {6}until \d{4}-\d\d-\d\dT[\d:.]+Z \(in .+\), renewed each tick$/m,
    );

    controller.child.kill('SIGTERM');
    expect(await controller.exited).toBe(0);
    expect(controller.log.map((l) => l.msg).slice(-3)).toEqual([
      'shutting down: finishing the pass under way and handing leases back',
      'lease released',
      'controller stopped',
    ]);
    // The lease (an hour long) was handed back, not left to lapse.
    const status = await runCliJson<RolloutStatus>(['rollout', 'status', 'cart-v2', '--json', ...store]);
    expect(status.driver).toMatchObject({ driven: false, lastHolder: 'probe-b' });
    expect(status.status).toBe('progressing');
  });
});
