import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './exposition.test-helper.js';
import { type RolloutGaugeStatus, registerRolloutMetrics } from './index.js';

const progressing: RolloutGaugeStatus = {
  id: 'r-1',
  flag: 'payments',
  status: 'progressing',
  phase: 'holding',
  step: { index: 1 },
  weight: 25,
  lastVerdict: { status: 'pass' },
};
const paused: RolloutGaugeStatus = {
  id: 'r-2',
  flag: 'search',
  status: 'paused',
  phase: 'entering',
  step: { index: 0 },
  weight: 5,
};

describe('rollout gauges', () => {
  it("report each rollout's weight, step, phase (paused included) and last verdict, read once per scrape", async () => {
    const registry = new Registry();
    let reads = 0;
    registerRolloutMetrics({
      registry,
      read: async () => {
        reads += 1;
        return [progressing, paused];
      },
    });
    const samples = parseExposition(await registry.metrics());
    expect(reads).toBe(1);
    const r1 = { flag: 'payments', rollout: 'r-1' };
    const r2 = { flag: 'search', rollout: 'r-2' };
    expect(sampleValue(samples, 'rampkit_rollout_weight', r1)).toBe(25);
    expect(sampleValue(samples, 'rampkit_rollout_step', r1)).toBe(1);
    expect(sampleValue(samples, 'rampkit_rollout_phase', { ...r1, phase: 'holding' })).toBe(1);
    expect(sampleValue(samples, 'rampkit_rollout_phase', { ...r1, phase: 'paused' })).toBe(0);
    expect(sampleValue(samples, 'rampkit_rollout_phase', { ...r2, phase: 'paused' })).toBe(1);
    expect(sampleValue(samples, 'rampkit_rollout_phase', { ...r2, phase: 'entering' })).toBe(0);
    expect(
      samples.filter((s) => s.name === 'rampkit_rollout_phase' && s.labels.rollout === 'r-1'),
    ).toHaveLength(7);
    expect(sampleValue(samples, 'rampkit_rollout_last_verdict', { ...r1, verdict: 'pass' })).toBe(1);
    expect(sampleValue(samples, 'rampkit_rollout_last_verdict', { ...r1, verdict: 'fail' })).toBe(0);
    expect(
      samples
        .filter((s) => s.name === 'rampkit_rollout_last_verdict' && s.labels.rollout === 'r-2')
        .map((s) => s.value),
    ).toEqual([0, 0, 0]);
  });

  it('drop a rollout that is no longer listed, and unregister', async () => {
    const registry = new Registry();
    let rollouts = [progressing, paused];
    const metrics = registerRolloutMetrics({ registry, read: () => rollouts });
    await registry.metrics();
    rollouts = [progressing];
    const samples = parseExposition(await registry.metrics());
    expect(samples.some((s) => s.labels.rollout === 'r-2')).toBe(false);
    metrics.unregister();
    expect(await registry.metrics()).toBe('\n');
  });

  it('refuse a missing read function, naming it', () => {
    expect(() => registerRolloutMetrics({} as never)).toThrow(/registerRolloutMetrics: option 'read'/);
  });
});
