import { clopperPearsonLower } from '../../packages/core/dist/index.js';

/**
 * Markdown for the rollout-analysis benchmark: one table per scenario. Rates come with a 95%
 * Clopper–Pearson interval, since a rate measured over a few hundred rollouts is itself uncertain.
 */

/** Exact two-sided 95% interval of k events in n trials (Clopper–Pearson). */
function interval(k, n) {
  return [clopperPearsonLower(k, n, 0.025), 1 - clopperPearsonLower(n - k, n, 0.025)];
}

const pct = (x) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const num = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'not caught');
const time = (s) =>
  Number.isFinite(s) ? `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, '0')}s` : '—';

function rate(summary) {
  const [lower, upper] = interval(summary.rollbacks, summary.runs);
  return `${pct(summary.rollbackRate)} (${pct(lower)}–${pct(upper)})`;
}

function table(section) {
  if (section.kind === 'false') {
    return [
      '| judge | rollouts rolled back (95% CI) |',
      '| --- | --- |',
      ...section.summaries.map((s) => `| ${s.policy} | ${s.rollbacks} / ${s.runs} = ${rate(s)} |`),
    ];
  }
  if (section.kind === 'low') {
    return [
      '| judge | rollouts rolled back (95% CI) | checks held as inconclusive |',
      '| --- | --- | --- |',
      ...section.summaries.map(
        (s) => `| ${s.policy} | ${s.rollbacks} / ${s.runs} = ${rate(s)} | ${pct(s.inconclusiveShare)} |`,
      ),
    ];
  }
  return [
    '| judge | caught within the plan | median canary requests served | p90 | median time to rollback |',
    '| --- | --- | --- | --- | --- |',
    ...section.summaries.map(
      (s) =>
        `| ${s.policy} | ${rate(s)} | ${num(s.medianCanaryRequests)} | ${num(s.p90CanaryRequests)} | ${time(s.medianSeconds)} |`,
    ),
  ];
}

export function renderReport(results, meta) {
  const lines = [
    '# Rollout analysis benchmark',
    '',
    `${meta.date} · Node ${meta.node} · ${meta.seconds} s${meta.quick ? ' · --quick' : ''}`,
    '',
    'Each rollout: a 30-minute plan 5% → 25% → 50% (10 minutes each), Poisson traffic at 50 requests/s',
    '(1 request/s for low traffic), stable failing 1% of requests. A judge "every Ns" is checked every N',
    'simulated seconds; Rampkit rolls back on a critical failure or 3 failed checks in a row.',
    'Flagger: success rate over 1 min < 99% or no data fails a check, rollback at 5 failed checks.',
    'Argo: success rate over 5 min < 95% or no data fails a measurement, abort when failures exceed 3.',
    '',
  ];
  for (const section of results) {
    lines.push(
      `## ${section.title}`,
      '',
      `${section.seeds} rollouts (seeds 1–${section.seeds}).`,
      '',
      ...table(section),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
