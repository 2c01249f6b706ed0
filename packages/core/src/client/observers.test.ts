import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot, FlagsConfig, Outcome } from '../index.js';
import { createClient, MemoryStore } from '../index.js';

/** `checkout`, tracked, serving `on` to everyone (fixtures/observed-flags.json). */
const { flags: definitions } = JSON.parse(
  readFileSync(new URL('../../fixtures/observed-flags.json', import.meta.url), 'utf8'),
) as FlagsConfig;
const flags: FlagsConfig = { flags: definitions };

describe('observers see what the client counts, without a metrics store', () => {
  it('tells outcomes as recorded and evaluations that served a variation, until removed', async () => {
    const client = createClient({ flags, metrics: false });
    const seen: string[] = [];
    const stop = client.observe({
      outcomes: (pairs: readonly string[], outcome: Outcome) =>
        seen.push(`${pairs.join('/')}:${outcome.error === true}`),
      evaluated: (result) => seen.push(`eval ${result.key}=${result.variation ?? result.errorCode}`),
    });
    client.isEnabled('checkout', { key: 'u1' });
    client.isEnabled('missing', { key: 'u1' });
    client.record('checkout', 'on', { error: true });
    client.recordAll(['checkout', 'on', 'checkout', 'off'], {});
    stop();
    client.isEnabled('checkout', { key: 'u1' });
    client.record('checkout', 'on');
    expect(seen).toEqual([
      'eval checkout=on',
      'eval missing=FLAG_NOT_FOUND',
      'checkout/on:true',
      'checkout/on/checkout/off:false',
    ]);
    await client.close();
  });

  it('tells each observer only the kinds it has a method for, as a method call', async () => {
    const client = createClient({ flags, metrics: false });
    const seen: string[] = [];
    class Counting {
      readonly name = 'counting';
      outcomes(pairs: readonly string[]): void {
        seen.push(`${this.name} ${pairs.join('/')}`);
      }
    }
    client.observe(new Counting());
    client.isEnabled('checkout', { key: 'u1' });
    client.record('checkout', 'on');
    const stop = client.observe({ evaluated: (result) => seen.push(`eval ${result.key}`) });
    client.isEnabled('checkout', { key: 'u1' });
    client.record('checkout', 'off');
    stop();
    client.isEnabled('checkout', { key: 'u1' });
    expect(seen).toEqual(['counting checkout/on', 'eval checkout', 'counting checkout/off']);
    await client.close();
  });

  it('an observer that throws is reported as an error and the request goes on', async () => {
    const client = createClient({ flags, metrics: false });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    client.observe({
      evaluated: () => {
        throw new Error('observer bug');
      },
    });
    const also: string[] = [];
    client.observe({ evaluated: (result) => also.push(result.key) });
    expect(client.isEnabled('checkout', { key: 'u1' })).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(['observer bug']);
    expect(also).toEqual(['checkout']);
    await client.close();
  });
});

describe('syncAgeMs: how long since the configuration in force was last known current', () => {
  it('is 0 while in sync and counts from the moment the store went stale', async () => {
    let now = 1_000;
    let onStale: ((stale: boolean) => void) | undefined;
    class StaleningStore extends MemoryStore {
      override subscribeConfig(
        listener: (snapshot: ConfigSnapshot) => void,
        onError?: (error: Error) => void,
        stale?: (stale: boolean) => void,
      ) {
        onStale = stale;
        return super.subscribeConfig(listener, onError);
      }
    }
    const store = new StaleningStore({ config: flags });
    const client = createClient({ store, now: () => now });
    await client.ready();
    now = 5_000;
    expect(client.syncAgeMs).toBe(0);
    onStale?.(true);
    now = 9_000;
    expect(client.syncAgeMs).toBe(4_000);
    onStale?.(false);
    expect(client.syncAgeMs).toBe(0);
    await client.close();
  });
});
