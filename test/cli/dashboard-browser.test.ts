import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlagsConfig } from '@rampkit/core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM, chromiumForSuite } from './support/chromium.js';
import { buildCliWhenStale, CLI_DIR } from './support/cli.js';
import { contrastRatio, over, parseColor, relativeLuminance } from './support/contrast.js';
import { DashboardWorld, HOSTILE_KEY } from './support/dashboard.js';
import { bodyBackground, chartPixelCounts, rootProperties, textSamples } from './support/page-colors.js';

const withBrowser = chromiumForSuite(
  'the dashboard in headless Chromium (test/cli/dashboard-browser.test.ts)',
);
/** Where the tests write the screenshots docs/dashboard.md and the README show. */
const IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));
/** The most JavaScript a page may load on first visit (issue #26). */
const FIRST_LOAD_LIMIT = 150 * 1024;
/** How long a live change may take to show on a loaded machine. */
const LIVE = { timeout: 20_000, interval: 100 };

let browser: Browser;
const world = new DashboardWorld();
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildCliWhenStale();
  if (!withBrowser) return;
  mkdirSync(IMAGES, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  await world.start();
}, 120_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await world.close();
});

interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Whether the page gets live updates; without them, it changes only by what the test does. */
  live?: boolean;
}

/** A page that fails the test on any script error, CSP violation or alert. */
async function open(
  path: string,
  { viewport = { width: 1280, height: 900 }, colorScheme = 'light', live = true }: OpenOptions = {},
): Promise<{ page: Page; problems: string[]; firstLoadScriptBytes: number }> {
  const context = await browser.newContext({ viewport, colorScheme });
  contexts.push(context);
  const page = await context.newPage();
  // 204 tells an EventSource not to reconnect.
  if (!live) await page.route('**/live/**', (route) => route.fulfill({ status: 204 }));
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  const scripts: Array<Promise<number>> = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  let measuring = true;
  page.on('response', (response) => {
    if (!measuring || response.request().resourceType() !== 'script') return;
    scripts.push(
      response.body().then(
        (body) => body.length,
        () => 0,
      ),
    );
  });
  // The load event waits for every script of the page: what a first visit downloads.
  await page.goto(`${world.dashboard.url}${path}`, { waitUntil: 'load' });
  measuring = false;
  const firstLoadScriptBytes = (await Promise.all(scripts.splice(0))).reduce((a, b) => a + b, 0);
  return { page, problems, firstLoadScriptBytes };
}

describe.skipIf(!withBrowser)('the dashboard in headless Chromium', () => {
  it('follows a rollout live, approves its step and rolls it back, naming the actor', async () => {
    await world.rollout('checkout-v2', 'checkout');
    const { page, problems, firstLoadScriptBytes } = await open('/rollouts/checkout-v2');
    const position = page.getByTestId('rollout-position');
    await expect.poll(() => position.textContent(), LIVE).toContain('before step 1');
    // A marker on the window survives only if the page is never reloaded: what follows arrives live.
    await page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 26;
    });
    world.drive();
    await expect.poll(() => position.textContent(), { ...LIVE, timeout: 30_000 }).toMatch(/step 1 of 4/);
    await expect
      .poll(() => position.textContent(), { ...LIVE, timeout: 30_000 })
      .toMatch(/step 2 of 4 · approval/);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(26);
    await expect
      .poll(() => page.locator('[data-testid=verdicts] li.verdict').count(), LIVE)
      .toBeGreaterThan(0);
    await expect.poll(() => page.locator('figure[data-testid=chart-requests] canvas').count(), LIVE).toBe(1);
    await page.screenshot({ path: join(IMAGES, 'dashboard-rollout.png') });

    await page.locator('a[data-action=approve]').click();
    await expect(page.getByTestId('effect').textContent()).resolves.toContain(
      'let a step that waits for approval move on',
    );
    // The confirmation asks why, and says where the answer goes.
    await expect(page.getByLabel(/^Reason/).textContent()).resolves.toBe('');
    await expect(page.locator('label[for=reason]').textContent()).resolves.toContain('audit log');
    await page.getByLabel(/^Reason/).fill('canary clean for 10 minutes, CHG-1042');
    await page.getByTestId('confirm').click();
    await page.waitForURL(/\/rollouts\/checkout-v2$/);
    await expect.poll(() => position.textContent(), { ...LIVE, timeout: 30_000 }).toMatch(/step [34] of 4/);
    const approved = (await world.controller.history('checkout-v2')).find(
      (e) => e.kind === 'transition' && e.type === 'approved',
    );
    expect(approved).toMatchObject({
      by: 'dashboard:alice',
      reason: expect.stringContaining('CHG-1042'),
    });
    await expect
      .poll(() => page.getByTestId('history').locator('li', { hasText: 'approved' }).textContent(), LIVE)
      .toMatch(/CHG-1042.*by dashboard:alice/);
    // The weight the approval let through is written under the approver's name and reason.
    await expect
      .poll(
        async () =>
          (await world.store.readAudit({ flag: 'checkout', limit: 20 })).find(
            (entry) => entry.action === 'rollout.approve',
          ),
        { ...LIVE, timeout: 30_000 },
      )
      .toMatchObject({ actor: 'dashboard:alice', reason: expect.stringContaining('CHG-1042') });

    await page.locator('a[data-action=rollback]').click();
    await expect(page.getByTestId('effect').textContent()).resolves.toContain('stable to 100% at once');
    await page.locator('#reason').fill('error budget burning in eu-west');
    await page.getByTestId('confirm').click();
    await page.waitForURL(/\/rollouts\/checkout-v2$/);
    await expect.poll(() => page.getByTestId('rollout-status').textContent(), LIVE).toBe('rolledBack');
    const rolledBack = (await world.controller.history('checkout-v2')).find(
      (e) => e.kind === 'transition' && e.type === 'rolledBack',
    );
    expect(rolledBack).toMatchObject({
      by: 'dashboard:alice',
      reason: expect.stringContaining('error budget burning in eu-west'),
    });
    await expect.poll(() => page.getByTestId('history').textContent(), LIVE).toContain('by dashboard:alice');
    // The split write the rollback made is in the flags' audit log, naming who asked.
    const [entry] = await world.store.readAudit({ flag: 'checkout', limit: 1 });
    expect(JSON.stringify(entry)).toContain('dashboard:alice');

    expect(problems.join('\n')).toBe('');
    expect(firstLoadScriptBytes).toBeGreaterThan(10_000);
    expect(firstLoadScriptBytes).toBeLessThan(FIRST_LOAD_LIMIT);
  }, 120_000);

  it('lists rollouts live, on a laptop and on a phone', async () => {
    const { page, problems } = await open('/rollouts');
    await expect
      .poll(() => page.getByTestId('rollouts').locator('tbody tr').count(), LIVE)
      .toBeGreaterThan(0);
    // Search filters the list as you type, and keeps filtering the rows that arrive live.
    const visible = () => page.locator('#rollout-table tbody tr:visible');
    await page.getByRole('searchbox', { name: 'Search' }).fill('search');
    await expect.poll(() => visible().count(), LIVE).toBe(0);
    await world.rollout('search-v2', 'search');
    await expect.poll(() => visible().first().textContent(), LIVE).toContain('search-v2');
    expect(await visible().count()).toBe(1);
    expect(await page.locator('#rollout-table tbody tr').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search' }).fill('ROLLEDBACK');
    // The previous filter also left one row: wait for the row this one keeps, not for the count.
    await expect.poll(() => visible().first().textContent(), LIVE).toContain('checkout-v2');
    expect(await visible().count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(() => visible().count(), LIVE).toBe(2);
    await page.screenshot({ path: join(IMAGES, 'dashboard-rollouts.png') });
    const phone = await open('/rollouts/checkout-v2', { viewport: { width: 390, height: 844 } });
    await expect.poll(() => phone.page.getByTestId('rollout-status').textContent(), LIVE).toBe('rolledBack');
    // Nothing wider than the screen but the tables, which scroll on their own.
    const overflow = await phone.page.evaluate(() => {
      const view = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return view.document.documentElement.scrollWidth - view.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(IMAGES, 'dashboard-phone.png') });
    expect([...problems, ...phone.problems].join('\n')).toBe('');
  }, 60_000);

  it('edits a weight, and shows a concurrent change instead of overwriting it', async () => {
    const { page, problems } = await open('/flags/pricing');
    await page.locator('input[name="weight:control"]').fill('30');
    await page.locator('input[name="weight:treatment"]').fill('70');
    // Someone changes the flag from the CLI while the form is open.
    const snapshot = await world.store.loadConfig();
    const config = snapshot?.config as FlagsConfig;
    await world.store.writeConfig(
      {
        ...config,
        flags: config.flags.map((f) => (f.key === 'pricing' ? { ...f, description: 'annual plan test' } : f)),
      },
      {
        expectedVersion: snapshot?.version ?? 0,
        audit: { actor: 'bob@laptop', action: 'flags.set', reason: 'describe it' },
      },
    );
    await page.locator('[data-testid=weights] button[type=submit]').click();
    const notice = page.getByTestId('notice');
    await expect(notice.textContent()).resolves.toContain(
      'the configuration changed since you loaded this page',
    );
    await expect(notice.textContent()).resolves.toContain('bob@laptop');
    const kept = (await world.store.loadConfig())?.config.flags.find((f) => f.key === 'pricing');
    expect(kept?.fallthrough.split?.weights.map((w) => w.weight)).toEqual([5000, 5000]);
    await page.screenshot({ path: join(IMAGES, 'dashboard-conflict.png'), fullPage: true });

    // The page now shows the current version: the same edit goes through.
    await page.locator('input[name="weight:control"]').fill('30');
    await page.locator('input[name="weight:treatment"]').fill('70');
    await page.locator('[data-testid=weights] input[name=reason]').fill('more annual');
    await page.locator('[data-testid=weights] button[type=submit]').click();
    await expect(page.getByTestId('notice').textContent()).resolves.toContain('Saved');
    await expect(page.getByTestId('fallthrough').textContent()).resolves.toBe('control 30% · treatment 70%');
    await expect(page.getByTestId('audit').textContent()).resolves.toContain('more annual');
    await page.screenshot({ path: join(IMAGES, 'dashboard-flag.png'), fullPage: true });
    // The conflict's answer is a 409 page, which Chromium logs; nothing else may go wrong.
    expect(problems.filter((problem) => !problem.includes('status of 409')).join('\n')).toBe('');
  }, 60_000);

  it('refuses an action posted without the CSRF token (403), and changes nothing', async () => {
    await world.rollout('billing-v2', 'billing');
    const { page } = await open('/rollouts/billing-v2');
    const code = await page.evaluate(async () => {
      const response = await fetch('/rollouts/billing-v2/actions/abort', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'reason=no+token',
      });
      return response.status;
    });
    expect(code).toBe(403);
    expect((await world.controller.status('billing-v2')).status).toBe('progressing');
  }, 60_000);

  it('renders a flag named <script>alert(1)</script> as text', async () => {
    const { page, problems } = await open('/flags');
    await expect(page.getByRole('link', { name: HOSTILE_KEY }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: HOSTILE_KEY }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain(HOSTILE_KEY);
    await expect(page.getByText('<img src=x onerror=alert(2)>').count()).resolves.toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(problems.join('\n')).toBe('');
    // Search filters the list as you type.
    const list = await open('/flags');
    await list.page.locator('#flag-search').fill('pric');
    await expect.poll(() => list.page.locator('#flag-table tbody tr:visible').count(), LIVE).toBe(1);
    await list.page.screenshot({ path: join(IMAGES, 'dashboard-flags.png') });
  }, 60_000);
});

/** WCAG 2.2 AA: text needs 4.5:1 against what is under it; lines of a chart 3:1. */
const TEXT_CONTRAST = 4.5;
const GRAPHIC_CONTRAST = 3;
const CHART_COLORS = ['axis', 'grid', 'stable', 'canary', 'pass'] as const;

/** The text on the page whose contrast with its background is under 4.5:1, with its ratio. */
async function lowContrastText(page: Page): Promise<string[]> {
  const low: string[] = [];
  for (const sample of await page.evaluate(textSamples)) {
    const background = sample.backgrounds
      .map(parseColor)
      .reduceRight((under, layer) => over(layer, under), parseColor('rgb(255, 255, 255)'));
    const ratio = contrastRatio(over(parseColor(sample.color), background), background);
    if (ratio < TEXT_CONTRAST) low.push(`${ratio.toFixed(2)}:1 ${sample.color} "${sample.text}"`);
  }
  return low;
}

/** The palette the stylesheet gives the charts now, as `#rrggbb`. */
async function chartPalette(page: Page): Promise<Record<(typeof CHART_COLORS)[number], string>> {
  const values = await page.evaluate(
    rootProperties,
    CHART_COLORS.map((name) => `--chart-${name}`),
  );
  return Object.fromEntries(CHART_COLORS.map((name, i) => [name, values[i] ?? ''])) as Record<
    (typeof CHART_COLORS)[number],
    string
  >;
}

/**
 * The borders each cell matching `selector` draws, as `bottom 1px solid`; run in the page, so it uses
 * nothing from outside its own body.
 */
function drawnBorders(selector: string): string[][] {
  const view = globalThis as unknown as {
    document: { querySelectorAll(selector: string): Iterable<object> };
    getComputedStyle(element: object): { getPropertyValue(name: string): string };
  };
  return [...view.document.querySelectorAll(selector)].map((cell) => {
    const style = view.getComputedStyle(cell);
    return ['top', 'right', 'bottom', 'left'].flatMap((side) => {
      const width = style.getPropertyValue(`border-${side}-width`);
      const kind = style.getPropertyValue(`border-${side}-style`);
      return kind === 'none' || width === '0px' ? [] : [`${side} ${width} ${kind}`];
    });
  });
}

describe.skipIf(!withBrowser)('the dashboard in dark mode (issue #26)', () => {
  // A rollout waiting for approval, with verdicts: the state of the light screenshot.
  beforeAll(async () => {
    await world.rollout('payments-v2', 'payments');
    world.drive();
    await vi.waitFor(
      async () => {
        const status = await world.controller.status('payments-v2');
        if (status.phase !== 'approval' || status.lastVerdict === undefined) throw new Error(status.reason);
      },
      { ...LIVE, timeout: 30_000 },
    );
  }, 40_000);

  it('is dark, its text is 4.5:1 or more, and its charts are drawn in a dark palette', async () => {
    const { page, problems } = await open('/rollouts/payments-v2', { colorScheme: 'dark' });
    await expect(page.getByTestId('rollout-position').textContent()).resolves.toMatch(
      /step 2 of 4 · approval/,
    );
    await expect.poll(() => page.locator('figure[data-testid=chart-requests] canvas').count(), LIVE).toBe(1);

    const background = parseColor(await page.evaluate(bodyBackground));
    expect(relativeLuminance(background)).toBeLessThan(0.02);
    expect(await lowContrastText(page)).toEqual([]);

    const dark = await chartPalette(page);
    expect(contrastRatio(parseColor(dark.axis), background)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    for (const line of [dark.stable, dark.canary, dark.pass]) {
      expect(contrastRatio(parseColor(line), background)).toBeGreaterThanOrEqual(GRAPHIC_CONTRAST);
    }
    // The canvases are drawn in those colours: every one of them is on the charts (polled, as a live
    // update may have just replaced the charts with figures not drawn yet).
    const missing = async () => {
      const drawn = await page.evaluate(chartPixelCounts, Object.values(dark));
      return Object.entries(dark).filter((_, i) => drawn[i] === 0);
    };
    await expect.poll(missing, LIVE).toEqual([]);
    await page.screenshot({ path: join(IMAGES, 'dashboard-rollout-dark.png') });

    expect(problems.join('\n')).toBe('');
  }, 90_000);

  it('draws every chart line and verdict mark at 3:1 or more against the page, in dark and in light', async () => {
    const marks = ['stable', 'canary', 'weight', 'pass', 'fail', 'inconclusive'];
    for (const colorScheme of ['dark', 'light'] as const) {
      const { page, problems } = await open('/rollouts/payments-v2', { colorScheme });
      const background = parseColor(await page.evaluate(bodyBackground));
      const colors = await page.evaluate(
        rootProperties,
        marks.map((name) => `--chart-${name}`),
      );
      const low = marks
        .map((name, i) => ({ name, ratio: contrastRatio(parseColor(colors[i] ?? ''), background) }))
        .filter(({ ratio }) => ratio < GRAPHIC_CONTRAST)
        .map(({ name, ratio }) => `${name} ${ratio.toFixed(2)}:1`);
      expect({ colorScheme, low, problems }).toEqual({ colorScheme, low: [], problems: [] });
    }
  }, 60_000);

  it('keeps every text at 4.5:1 or more on the other pages too, in dark and in light', async () => {
    const paths = [
      '/rollouts',
      '/rollouts/payments-v2/actions/pause',
      '/flags',
      '/flags/pricing',
      '/experiments',
    ];
    for (const colorScheme of ['dark', 'light'] as const) {
      const { page, problems } = await open('/', { colorScheme });
      for (const path of paths) {
        await page.goto(`${world.dashboard.url}${path}`, { waitUntil: 'load' });
        const low = await lowContrastText(page);
        expect({ colorScheme, path, low, problems }).toEqual({ colorScheme, path, low: [], problems: [] });
      }
    }
  }, 120_000);

  it("keeps the data tables' borders off the charts' legends, in dark and in light", async () => {
    for (const colorScheme of ['dark', 'light'] as const) {
      // Without live updates, the legends read are the ones drawn at load, not replaced midway.
      const { page } = await open('/rollouts/payments-v2', { colorScheme, live: false });
      await expect.poll(() => page.locator('figure.chart .u-legend td').count(), LIVE).toBeGreaterThan(0);
      const legend = await page.evaluate(
        drawnBorders,
        'figure.chart .u-legend th, figure.chart .u-legend td',
      );
      expect(legend.length).toBeGreaterThan(0);
      expect({ colorScheme, legend: legend.flat() }).toEqual({ colorScheme, legend: [] });

      await page.goto(`${world.dashboard.url}/rollouts`, { waitUntil: 'load' });
      const table = await page.evaluate(drawnBorders, '[data-testid=rollouts] th, [data-testid=rollouts] td');
      expect(table.length).toBeGreaterThan(0);
      expect({ colorScheme, table: new Set(table.map((sides) => sides.join(', '))) }).toEqual({
        colorScheme,
        table: new Set(['bottom 1px solid']),
      });
    }
  }, 60_000);

  it("folds each chart's data table under it, opens it on a click, and keeps it open as the chart moves", async () => {
    const { page, problems } = await open('/rollouts/payments-v2');
    const figure = page.locator('figure[data-testid=chart-requests]');
    await expect.poll(() => figure.locator('canvas').count(), LIVE).toBe(1);
    // The chart is drawn in its own slot, never in the table's folded part.
    // Polled: a live update may have just replaced the figures, drawn again once settled.
    await expect.poll(() => page.locator('figure.chart > .chart-plot canvas').count(), LIVE).toBe(4);
    expect(await page.locator('details.chart-data canvas').count()).toBe(0);
    const details = page.locator('details.chart-data');
    expect(await details.count()).toBe(4);
    expect(
      await details.evaluateAll((all) => all.map((d) => (d as unknown as { open: boolean }).open)),
    ).toEqual([false, false, false, false]);
    const table = figure.locator('details.chart-data table');
    expect(await table.isVisible()).toBe(false);

    await figure.getByText('Data table').click();
    await expect.poll(() => table.isVisible(), LIVE).toBe(true);
    // Read from one element at once, so a live update cannot come between the two counts.
    const [points, rows] = await figure.evaluate((element) => {
      const figure = element as unknown as {
        dataset: { chart: string };
        querySelectorAll(selector: string): { length: number };
      };
      return [
        (JSON.parse(figure.dataset.chart) as { x: number[] }).x.length,
        figure.querySelectorAll('details.chart-data tbody tr').length,
      ];
    });
    expect(points).toBeGreaterThan(0);
    expect(rows).toBe(points);
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual([
      'Time since start',
      'stable (requests)',
      'canary (requests)',
      'Verdicts',
    ]);

    // A live update replaces the figure (the traffic keeps coming): its table is open again at once.
    await figure.evaluate((element) => {
      (element as unknown as { replaced?: boolean }).replaced = false;
    });
    await expect
      .poll(() => figure.evaluate((element) => (element as unknown as { replaced?: boolean }).replaced), LIVE)
      .toBeUndefined();
    expect(
      await figure.locator('details.chart-data').evaluate((d) => (d as unknown as { open: boolean }).open),
    ).toBe(true);
    await expect.poll(() => table.isVisible(), LIVE).toBe(true);
    expect(await page.locator('details.chart-data[open]').count()).toBe(1);
    expect(problems.join('\n')).toBe('');
  }, 60_000);

  it('keeps the open data tables at 4.5:1 or more, in dark and in light', async () => {
    for (const colorScheme of ['dark', 'light'] as const) {
      const { page, problems } = await open('/rollouts/payments-v2', { colorScheme, live: false });
      await expect.poll(() => page.locator('figure.chart canvas').count(), LIVE).toBe(4);
      for (const summary of await page.locator('details.chart-data summary').all()) await summary.click();
      expect(await page.locator('details.chart-data table tbody tr:visible').count()).toBeGreaterThan(0);
      expect({ colorScheme, low: await lowContrastText(page) }).toEqual({ colorScheme, low: [] });
      // htmx logs the refused stream (an Event, as "[object Event]"); nothing else may go wrong.
      expect(problems.filter((problem) => problem !== 'console: [object Event]').join('\n')).toBe('');
    }
  }, 60_000);

  it('redraws the charts in the other palette when the system switches between light and dark', async () => {
    // Without live updates, nothing but the switch can draw the charts again.
    const { page, problems } = await open('/rollouts/payments-v2', { live: false });
    await expect.poll(() => page.locator('figure.chart canvas').count(), LIVE).toBeGreaterThan(0);
    const light = await chartPalette(page);
    expect(await lowContrastText(page)).toEqual([]);

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await chartPalette(page);
    expect(dark.axis).not.toBe(light.axis);
    await expect
      .poll(() => page.evaluate(chartPixelCounts, [light.axis, dark.axis]), LIVE)
      .toEqual([0, expect.any(Number)]);
    expect((await page.evaluate(chartPixelCounts, [dark.axis]))[0]).toBeGreaterThan(0);
    expect(await lowContrastText(page)).toEqual([]);
    // htmx logs the refused stream (an Event, as "[object Event]"); nothing else may go wrong.
    expect(problems.filter((problem) => problem !== 'console: [object Event]').join('\n')).toBe('');
  }, 60_000);
});

describe('the contrast check', () => {
  it('gives the WCAG reference ratios: 21:1 for black on white, 4.54:1 for #767676 on white', () => {
    const white = parseColor('#ffffff');
    expect(contrastRatio(parseColor('rgb(0, 0, 0)'), white)).toBeCloseTo(21, 5);
    expect(contrastRatio(parseColor('#767676'), white)).toBeCloseTo(4.54, 2);
    // Half-transparent black over white is mid grey.
    expect(over(parseColor('rgba(0, 0, 0, 0.5)'), white).r).toBeCloseTo(127.5, 5);
  });
});

describe('the first load', () => {
  it(`is under ${FIRST_LOAD_LIMIT / 1024} KB of JavaScript, as built`, () => {
    const bundle = statSync(join(CLI_DIR, 'dist', 'dashboard', 'dashboard.js')).size;
    expect(bundle).toBeGreaterThan(10_000);
    expect(bundle).toBeLessThan(FIRST_LOAD_LIMIT);
  });
});
