import type { ExperimentFlag } from '../../experiment/experiment-flags.js';
import { count } from '../../format/format.js';
import { html, type SafeHtml } from '../html/html.js';
import { percent } from './flag-describe.js';

export interface ExperimentRow {
  flag: ExperimentFlag;
  /** Exposed units per arm; null when the store keeps none. */
  units: Array<{ arm: string; units: number }> | null;
  /** Whether its metrics were given, so its results can be read. */
  defined: boolean;
}

export function experimentListBody(rows: readonly ExperimentRow[]): SafeHtml {
  if (rows.length === 0) {
    return html`<h1>Experiments</h1><p class="empty">No experiments: an experiment is a flag that serves a split (not a canary).</p>`;
  }
  return html`<h1>Experiments</h1><div class="scroll"><table class="list" data-testid="experiments"><thead><tr><th scope="col">Experiment</th><th scope="col">Status</th><th scope="col">Arms</th><th scope="col">Units</th></tr></thead><tbody>${rows.map(
    ({ flag, units, defined }) => html`<tr>
<td>${defined ? html`<a href="/experiments/${encodeURIComponent(flag.key)}">${flag.key}</a>` : flag.key}</td>
<td>${flag.status}</td>
<td>${flag.arms.map((arm) => `${arm.key} ${percent(arm.weight)}`).join(' · ')}</td>
<td>${units === null ? '–' : units.map((entry) => `${entry.arm} ${count(entry.units)}`).join(' · ')}</td>
</tr>`,
  )}</tbody></table></div>`;
}
