import { type Dashboard, startDashboard } from '@rampkit/cli';
import { createClient, type FlagsConfig, MemoryStore } from '@rampkit/core';
import { mulberry32 } from '@rampkit/core/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale } from './support/cli.js';
import { splitFlag } from './support/dashboard.js';
import { load } from './support/dashboard-http.js';

const config: FlagsConfig = { flags: [splitFlag('hero')] };
/** What `--experiments` gives the dashboard: the metrics, which a flag does not hold. */
const DEFINITION = {
  metrics: [
    { key: 'purchase', kind: 'binomial' },
    { key: 'revenue', kind: 'mean' },
  ],
};
/** Conversion by arm: treatment converts half again as often as control. */
const CONVERSION: Record<string, number> = { control: 0.2, treatment: 0.3 };
const UNITS = 4_000;

let dashboard: Dashboard | undefined;
beforeAll(() => buildCliWhenStale());
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
});

/**
 * Serves `hero` to UNITS units through a real client that tracks exposures and events into the
 * store; `lose` is the share of treatment's units that never reach the page (a redirect that drops
 * them), which a probe client on its own store tells apart before the real one is asked.
 */
async function track(store: MemoryStore, lose = 0): Promise<void> {
  const probe = createClient({ store: new MemoryStore({ config }), flushIntervalMs: 60_000 });
  // Given the store as experimentData, the client records exposures from the first one on.
  const client = createClient({ store, experimentData: store, flushIntervalMs: 60_000 });
  await Promise.all([probe.ready(), client.ready()]);
  const random = mulberry32(11);
  for (let i = 0; i < UNITS; i += 1) {
    const user = { targetingKey: `user-${i}` };
    if (lose > 0 && probe.variation('hero', user) === 'treatment' && random() < lose) continue;
    const arm = client.variation('hero', user) as string;
    if (random() < (CONVERSION[arm] ?? 0)) {
      client.track('purchase', user);
      client.track('revenue', user, 20 + random() * 30);
    }
  }
  await Promise.all([client.close(), probe.close()]);
}

async function experimentPage(store: MemoryStore): Promise<string> {
  dashboard = await startDashboard({
    store,
    storeName: 'memory',
    port: 0,
    localActor: 'dashboard:test',
    experiments: new Map([['hero', DEFINITION]]),
  });
  const list = await load(`${dashboard.url}/experiments`);
  expect(list.text).toContain('<a href="/experiments/hero">hero</a>');
  const page = await load(`${dashboard.url}/experiments/hero`);
  expect(page.response.status).toBe(200);
  return page.text;
}

/** The section of one metric: its heading up to the next section. */
function metricSection(text: string, key: string): string {
  const match = new RegExp(`<section class="metric"><h2>${key}</h2>(.*?)</section>`, 's').exec(text);
  expect(match, `a section for metric ${key}`).not.toBeNull();
  return match?.[1] ?? '';
}

describe('the experiment page reads the units a real client tracked', () => {
  it('shows each metric with its interval, the split holding, and a decision to ship', async () => {
    const store = new MemoryStore({ config });
    await track(store);
    const text = await experimentPage(store);
    const units = await store.readExperimentUnits('hero');
    expect(units).toHaveLength(UNITS);
    const purchase = metricSection(text, 'purchase');
    // The treatment's row: units, estimate, absolute and relative lift each with its interval.
    const row = /<tr><td>treatment<\/td><td class="num">([\d,]+)<\/td>.*?\[([^\]]+)\].*?\[([^\]]+)\]/s.exec(
      purchase,
    );
    expect(Number(row?.[1]?.replace(/,/g, ''))).toBe(units.filter((unit) => unit.arm === 'treatment').length);
    const [lower, upper] = (row?.[3] ?? '')
      .split(', ')
      .map((bound) => Number.parseFloat(bound.replace('−', '-')));
    // Half again as many conversions: a lift near +50%, an interval above zero that holds it.
    expect(lower).toBeGreaterThan(0);
    expect(upper).toBeGreaterThan(lower as number);
    expect(purchase).toContain('<span class="verdict');
    expect(metricSection(text, 'revenue')).toMatch(/<tr><td>treatment<\/td>.*\[[^\]]+, [^\]]+\]/s);
    expect(text).toContain('The split holds');
    expect(text).not.toContain('Sample ratio mismatch');
    expect(text).toMatch(/<span class="badge ship">ship<\/span>/);
  });

  it('flags a sample-ratio mismatch and withholds the decision when an arm loses units', async () => {
    const store = new MemoryStore({ config });
    await track(store, 0.3);
    const text = await experimentPage(store);
    expect(text).toContain('Sample ratio mismatch');
    expect(text).toMatch(/<span class="badge withheld">withheld<\/span>/);
    expect(text).not.toMatch(/badge ship/);
  });
});
