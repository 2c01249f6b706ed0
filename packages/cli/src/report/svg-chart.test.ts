import { describe, expect, it } from 'vitest';
import { escapeXml, niceCeil } from './chart-frame.js';
import { lineChart } from './svg-chart.js';

describe('charts are plain SVG that any browser draws', () => {
  it('rounds the y axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.03, 0.031, 7, 100, 120, 2600].map(niceCeil)).toEqual([1, 0.05, 0.05, 10, 100, 200, 5000]);
  });

  it('breaks a line where there is no data, and escapes every text', () => {
    const svg = lineChart({
      id: 'a<b',
      title: 'errors & "latency"',
      series: [
        {
          name: 'canary',
          color: '#f00',
          points: [
            [0, 1],
            [1, 2],
            [2, null],
            [3, 1],
            [4, 1],
          ],
        },
      ],
      x: [0, 4],
      formatY: String,
      formatX: String,
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('data-chart="a&lt;b"');
    expect(svg).toContain('errors &amp; &quot;latency&quot;');
    expect(svg).not.toContain('NaN');
  });

  it('draws a step series as horizontal then vertical segments', () => {
    const svg = lineChart({
      id: 'w',
      title: 'weight',
      series: [
        {
          name: 'weight',
          color: '#00f',
          step: true,
          points: [
            [0, 0],
            [10, 50],
            [20, 100],
          ],
        },
      ],
      x: [0, 20],
      yMax: 100,
      formatY: String,
      formatX: String,
      width: 120,
      height: 100,
    });
    const points = /points="([^"]+)"/.exec(svg)?.[1]?.split(' ');
    expect(points).toHaveLength(5);
    expect(escapeXml("'")).toBe('&#39;');
  });
});
