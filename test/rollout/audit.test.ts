import { type AuditLog, isAuditLog } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import { canaryPlan, failCriticalErrorRate, World } from './support/world.js';

const ID = 'checkout-v2';

function auditOf(world: World): AuditLog {
  expect(isAuditLog(world.store)).toBe(true);
  return world.store as unknown as AuditLog;
}

describe("the controller's weight writes are in the store's audit log", () => {
  it('each step is recorded as rollout.step by the controller, with the weight it wrote', async () => {
    const world = new World();
    const controller = world.controller({ instanceId: 'controller-a' });
    await controller.start(canaryPlan());
    await controller.tick();
    const [entry] = await auditOf(world).readAudit({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'controller-a', action: 'rollout.step' });
    expect(entry!.reason).toContain(ID);
    expect(entry!.changes.map((change) => change.key)).toEqual(['checkout']);
  });

  it("a rollback's entry carries the failing verdict's reason, and its transition the entry's id", async () => {
    const world = new World();
    const controller = world.controller({ instanceId: 'controller-a' });
    await failCriticalErrorRate(world, controller);
    const status = await controller.status(ID);
    expect(status.status).toBe('rolledBack');
    const [entry] = await auditOf(world).readAudit({ flag: 'checkout', limit: 1 });
    expect(entry).toMatchObject({ actor: 'controller-a', action: 'rollout.rollback' });
    expect(entry!.reason).toContain('critical check failed: ');
    expect(entry!.reason).toContain(status.reason);
    const history = await controller.history(ID);
    const rollback = history.find((item) => item.kind === 'transition' && item.type === 'rolledBack');
    expect(rollback).toMatchObject({ auditId: entry!.id });
  });

  it('an operator rollback is in the name of who asked, written by the controller', async () => {
    const world = new World();
    const controller = world.controller({ instanceId: 'controller-a' });
    await controller.start(canaryPlan());
    await controller.tick();
    await controller.rollback(ID, { by: 'erin' });
    await controller.tick();
    const [entry] = await auditOf(world).readAudit({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'erin', action: 'rollout.rollback' });
    expect(entry!.reason).toContain('rolled back by erin');
    expect(entry!.reason).toContain('controller-a');
  });
});
