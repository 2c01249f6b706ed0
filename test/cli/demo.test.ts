import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForSuite, dumpDom } from './support/chromium.js';
import { buildCliWhenStale, expectExit, runCli, tempDir } from './support/cli.js';

const work = tempDir('demo');
const reportPath = join(work.dir, 'report.html');
const withBrowser = chromiumForSuite('the demo report in headless Chromium (test/cli/demo.test.ts)');

beforeAll(() => buildCliWhenStale());
afterAll(() => work.remove());

/** Measures every chart as Chromium lays it out, into a `data-check` attribute that --dump-dom shows. */
const MEASURE = `<script>
const charts = [...document.querySelectorAll('svg.chart')].map((svg) => {
  const box = svg.getBoundingClientRect();
  const lines = [...svg.querySelectorAll('polyline.series')];
  const drawn = lines.filter((line) => {
    const b = line.getBBox();
    return line.points.numberOfItems >= 2 && b.width > 0;
  });
  return { chart: svg.dataset.chart, width: box.width, height: box.height, lines: lines.length, drawn: drawn.length };
});
document.body.setAttribute('data-check', JSON.stringify(charts));
</script>`;

describe('rampkit demo runs the whole story in one process', () => {
  it('promotes the healthy canary, rolls the broken one back on its own, and writes the report', async () => {
    const result = await runCli(['demo', '--time-scale', '120', '--rps', '600', '-o', reportPath], {
      cwd: work.dir,
      timeoutMs: 120_000,
    });
    expectExit(result, 0);
    const { stdout } = result;
    expect(stdout).toMatch(/app {6}http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/step started\s+step 2 of 4: canary to 25%/);
    expect(stdout).toMatch(/step started\s+step 3 of 4: canary to 50%/);
    expect(stdout).toMatch(/PROMOTED\s+promoted/);
    expect(stdout).toMatch(/verdict fail/);
    expect(stdout).toMatch(/ROLLED BACK\s+(analysis failed 2 times in a row|critical check failed): /);
    expect(stdout).toMatch(/checkout-v2\s+promoted after/);
    expect(stdout).toMatch(/recommendations-v2\s+rolled back after/);
    expect(stdout).toMatch(/traffic {2}[\d,]+ requests from [\d,]+ distinct users/);
    expect(stdout).toContain(`Report: ${reportPath}`);
    // Not a terminal: plain lines, no redrawing or colour codes.
    expect(stdout).not.toContain('\u001b[');
    const page = readFileSync(reportPath, 'utf8');
    expect(page.match(/<svg class="chart"/g)).toHaveLength(8);
  }, 150_000);

  it.skipIf(!withBrowser)(
    'its report renders in headless Chromium with every chart drawn',
    async () => {
      const checked = join(work.dir, 'checked.html');
      writeFileSync(checked, readFileSync(reportPath, 'utf8').replace('</body>', `${MEASURE}</body>`));
      const dom = await dumpDom(checked);
      const attribute = /data-check="([^"]*)"/.exec(dom)?.[1];
      expect(attribute, 'the measuring script ran').toBeDefined();
      const charts = JSON.parse(
        (attribute as string).replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
      ) as Array<{
        chart: string;
        width: number;
        height: number;
        lines: number;
        drawn: number;
      }>;
      expect(charts.map((chart) => chart.chart)).toEqual([
        'checkout-v2-weight',
        'checkout-v2-error-rate',
        'checkout-v2-latency',
        'checkout-v2-traffic',
        'recommendations-v2-weight',
        'recommendations-v2-error-rate',
        'recommendations-v2-latency',
        'recommendations-v2-traffic',
      ]);
      for (const chart of charts) {
        expect(chart.width, chart.chart).toBeGreaterThan(100);
        expect(chart.height, chart.chart).toBeGreaterThan(50);
        expect(chart.drawn, chart.chart).toBeGreaterThan(0);
      }
      expect(dom).toContain('<title>Rampkit demo: two canary rollouts</title>');
      expect(dom).toMatch(/class="badge promoted"/);
      expect(dom).toMatch(/class="badge rolledBack"/);
    },
    90_000,
  );
});
