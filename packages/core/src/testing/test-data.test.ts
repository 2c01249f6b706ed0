import { describe, expect, it, vi } from 'vitest';
import { TestData } from './test-data.js';

const units = Array.from({ length: 10_000 }, (_, i) => ({ targetingKey: `unit-${i}` }));

describe('TestData builds flags for tests, percentages included', () => {
  it('a boolean flag serves true to everyone until told otherwise', async () => {
    const td = new TestData();
    await td.update(td.flag('checkout'));
    const client = td.client();
    await client.ready();
    expect(client.evaluate('checkout', { targetingKey: 'a' })).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
    await client.close();
  });

  it('percentage() splits units by their bucket, in declared order', async () => {
    const td = new TestData();
    await td.update(td.flag('rollout').percentage({ on: 20, off: 80 }));
    const client = td.client();
    await client.ready();
    const on = units.filter((u) => client.isEnabled('rollout', u)).length;
    expect(on / units.length).toBeGreaterThan(0.19);
    expect(on / units.length).toBeLessThan(0.21);
    expect(td.config().flags[0]?.fallthrough.split?.weights).toEqual([
      { variation: 'on', weight: 2000 },
      { variation: 'off', weight: 8000 },
    ]);
    await client.close();
  });

  it('forUnit() forces a variation for one unit, whatever its bucket', async () => {
    const td = new TestData();
    await td.update(td.flag('rollout').percentage({ on: 0.01, off: 99.99 }).forUnit('qa-user', true));
    const client = td.client();
    await client.ready();
    expect(client.evaluate('rollout', { targetingKey: 'qa-user' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      ruleIndex: 0,
    });
    await client.close();
  });

  it('ifMatch() and when() add rules in order', async () => {
    const td = new TestData();
    await td.update(
      td
        .flag('banner')
        .variations({ plain: 'Hello', fancy: 'Welcome!', beta: 'Try v2' })
        .ifMatch('country', 'US', 'CA')
        .thenServe('fancy')
        .when('appVersion', 'semverGte', '2.0.0')
        .thenServe('Try v2'),
    );
    const client = td.client();
    await client.ready();
    expect(client.value('banner', { targetingKey: 'a', country: 'CA' }, '')).toBe('Welcome!');
    expect(client.evaluate('banner', { targetingKey: 'a', appVersion: '2.1.0' })).toMatchObject({
      value: 'Try v2',
      ruleIndex: 1,
    });
    expect(client.value('banner', { targetingKey: 'a' }, '')).toBe('Hello');
    await client.close();
  });

  it('update() bumps the flag version and running clients follow', async () => {
    const td = new TestData();
    await td.update(td.flag('kill').serve(true));
    const client = td.client();
    await client.ready();
    expect(client.isEnabled('kill', { targetingKey: 'a' })).toBe(true);
    await td.update(td.flag('kill').enabled(false));
    await vi.waitFor(() => expect(client.isEnabled('kill', { targetingKey: 'a' })).toBe(false));
    expect(td.config().flags[0]?.version).toBe(2);
    expect(client.evaluate('kill', { targetingKey: 'a' }).reason).toBe('DISABLED');
    await client.close();
  });

  it('refuses percentages that do not sum to 100 and unknown variations, naming the flag', () => {
    const td = new TestData();
    expect(() => td.flag('x').percentage({ on: 50, off: 40 })).toThrow(/test flag "x".*sum to 100, got 90/);
    expect(() => td.flag('x').serve('maybe')).toThrow(/test flag "x": no variation named or valued "maybe"/);
  });
});
