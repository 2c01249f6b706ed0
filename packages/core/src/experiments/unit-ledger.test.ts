import { describe, expect, it } from 'vitest';
import { mapIterationsDuring } from '../internal/map-iterations.test-helper.js';
import { UnitLedger } from './unit-ledger.js';

function exposeUnits(ledger: UnitLedger, from: number, to: number): void {
  for (let i = from; i < to; i += 1) ledger.expose('targetingKey', `user-${i}`, 'banner', 'a', i);
}

describe('the unit ledger', () => {
  it("keeps a unit's first exposure to an experiment (first wins)", () => {
    const ledger = new UnitLedger(10);
    expect(ledger.expose('targetingKey', 'user-1', 'banner', 'a', 1_000)).toBeDefined();
    expect(ledger.expose('targetingKey', 'user-1', 'banner', 'b', 2_000)).toBeUndefined();
    expect(ledger.expose('targetingKey', 'user-1', 'pricing', 'cheap', 3_000)).toBeDefined();
    const known: [string, string, number][] = [];
    for (let e = ledger.exposuresOf('targetingKey', 'user-1'); e; e = e.sibling) {
      known.push([e.experimentKey, e.arm, e.exposedAt]);
    }
    expect(known).toEqual([
      ['banner', 'a', 1_000],
      ['pricing', 'cheap', 3_000],
    ]);
  });

  it('remembers at most maxUnits units and forgets the oldest first', () => {
    const ledger = new UnitLedger(1_000);
    exposeUnits(ledger, 0, 2_500);
    expect(ledger.size).toBe(1_000);
    expect(ledger.knows('targetingKey', 'user-1499', 'banner')).toBe(false);
    expect(ledger.knows('targetingKey', 'user-1500', 'banner')).toBe(true);
    expect(ledger.knows('targetingKey', 'user-2499', 'banner')).toBe(true);
  });

  it('a unit exposed again after being forgotten is remembered as new, and the bound still holds', () => {
    const ledger = new UnitLedger(3);
    exposeUnits(ledger, 0, 4); // user-0 forgotten
    expect(ledger.knows('targetingKey', 'user-0', 'banner')).toBe(false);
    exposeUnits(ledger, 0, 1); // user-0 again: user-1, the oldest now, goes
    expect(ledger.size).toBe(3);
    expect(
      ['user-0', 'user-1', 'user-2', 'user-3'].map((u) => ledger.knows('targetingKey', u, 'banner')),
    ).toEqual([true, false, true, true]);
  });

  it('keeps units apart by attribute', () => {
    const ledger = new UnitLedger(10);
    ledger.expose('targetingKey', 'acme', 'banner', 'a', 1);
    ledger.expose('orgId', 'acme', 'pricing', 'cheap', 2);
    expect(ledger.knows('targetingKey', 'acme', 'banner')).toBe(true);
    expect(ledger.knows('orgId', 'acme', 'banner')).toBe(false);
    expect(ledger.knows('orgId', 'acme', 'pricing')).toBe(true);
    expect(ledger.attributes).toEqual(['targetingKey', 'orgId']);
    expect(ledger.size).toBe(2);
  });

  it('with maxUnits 0 remembers nothing', () => {
    const ledger = new UnitLedger(0);
    expect(ledger.expose('targetingKey', 'user-1', 'banner', 'a', 1)).toBeDefined();
    expect(ledger.size).toBe(0);
    expect(ledger.knows('targetingKey', 'user-1', 'banner')).toBe(false);
  });

  it('forgetting the oldest unit does not iterate the units Map (constant work per exposure)', () => {
    const ledger = new UnitLedger(1_000);
    exposeUnits(ledger, 0, 1_000);
    const calls = mapIterationsDuring(() => exposeUnits(ledger, 1_000, 20_000));
    expect(ledger.size).toBe(1_000);
    expect(calls).toBe(0);
  });

  it('clear forgets every unit and starts the order afresh', () => {
    const ledger = new UnitLedger(2);
    exposeUnits(ledger, 0, 5);
    ledger.clear();
    expect(ledger.size).toBe(0);
    exposeUnits(ledger, 10, 13);
    expect(ledger.size).toBe(2);
    expect(ledger.knows('targetingKey', 'user-10', 'banner')).toBe(false);
    expect(ledger.knows('targetingKey', 'user-12', 'banner')).toBe(true);
  });
});
