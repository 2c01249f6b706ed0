/**
 * The dashboard's one script (the page's Content-Security-Policy allows no other): htmx swaps the
 * fragments the server sends over server-sent events; this module draws the charts in them with
 * uPlot, keeps their data tables open across updates and filters the flags table as you type.
 */
import { htmx } from './htmx-global.js';
import 'htmx-ext-sse';
import { drawCharts, redrawCharts } from './charts.js';
import { bindFilters, followInsertedRows } from './filter.js';
import { keepDetailsOpen } from './keep-open.js';

// Called for the page once loaded, then for each fragment htmx swaps in.
htmx.onLoad((node) => {
  const root = node instanceof Element || node instanceof Document ? node : document;
  drawCharts(root);
  bindFilters(root);
});
followInsertedRows();
keepDetailsOpen();

// The charts follow the system's switch between light and dark, as the stylesheet does.
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => redrawCharts(document));
