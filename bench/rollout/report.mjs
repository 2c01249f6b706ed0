import { clopperPearsonLower } from '@rampkit/core/stats';

/**
 * Markdown for the rollout-analysis benchmark: one table per scenario. Rates come with a 95%
 * Clopper–Pearson interval, since a rate measured over a few hundred rollouts is itself uncertain.
 * Each table says what a right judge does there, and counts the wrong outcomes: a false rollback
 * (a healthy canary rolled back), a false promotion (a bad canary, or one whose evidence stopped,
 * promoted).
 */

/** Exact two-sided 95% interval of k events in n trials (Clopper–Pearson). */
function interval(k, n) {
  return [clopperPearsonLower(k, n, 0.025), 1 - clopperPearsonLower(n - k, n, 0.025)];
}

const pct = (x) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const num = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'not caught');
const time = (s) =>
  Number.isFinite(s) ? `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, '0')}s` : '—';

function share(k, n) {
  const [lower, upper] = interval(k, n);
  return `${k} / ${n} = ${pct(k / n)} (${pct(lower)}–${pct(upper)})`;
}

function rate(k, n) {
  const [lower, upper] = interval(k, n);
  return `${pct(k / n)} (${pct(lower)}–${pct(upper)})`;
}

const EXPECTED = {
  promote: 'a healthy canary: a right judge promotes it; every rollback is a false rollback',
  rollback: 'a bad canary: a right judge rolls it back; every promotion is a false promotion',
  hold: 'a canary whose evidence stopped: a right judge holds it (and pauses at the deadline); a promotion is a false promotion, a rollback a false rollback',
};

function table(section) {
  if (section.kind === 'false') {
    return [
      '| judge | false rollbacks (95% CI) | promoted |',
      '| --- | --- | --- |',
      ...section.summaries.map(
        (s) => `| ${s.policy} | ${share(s.rollbacks, s.runs)} | ${pct(s.promotions / s.runs)} |`,
      ),
    ];
  }
  if (section.kind === 'low') {
    return [
      '| judge | false rollbacks (95% CI) | promoted | checks held as inconclusive |',
      '| --- | --- | --- | --- |',
      ...section.summaries.map(
        (s) =>
          `| ${s.policy} | ${share(s.rollbacks, s.runs)} | ${pct(s.promotions / s.runs)} | ${pct(s.inconclusiveShare)} |`,
      ),
    ];
  }
  if (section.kind === 'outcomes') {
    return [
      '| judge | rolled back (95% CI) | promoted (95% CI) | paused at the deadline |',
      '| --- | --- | --- | --- |',
      ...section.summaries.map(
        (s) =>
          `| ${s.policy} | ${rate(s.rollbacks, s.runs)} | ${rate(s.promotions, s.runs)} | ${pct(s.pauses / s.runs)} |`,
      ),
    ];
  }
  const change = section.scenario.canaryChange?.at;
  const after = (s) => {
    if (change === undefined) return '';
    if (!Number.isFinite(s.medianSeconds)) return ' | —';
    return s.medianSeconds < change
      ? ' | before it (false rollback)'
      : ` | ${time(s.medianSeconds - change)}`;
  };
  return [
    `| judge | caught (95% CI) | false promotions | median canary requests served | p90 | median time to rollback${change === undefined ? '' : ' | after the change'} |`,
    `| --- | --- | --- | --- | --- | ---${change === undefined ? '' : ' | ---'} |`,
    ...section.summaries.map(
      (s) =>
        `| ${s.policy} | ${rate(s.rollbacks, s.runs)} | ${pct(s.promotions / s.runs)} | ${num(s.medianCanaryRequests)} | ${num(s.p90CanaryRequests)} | ${time(s.medianSeconds)}${after(s)} |`,
    ),
  ];
}

export function renderReport(results, meta) {
  const lines = [
    '# Rollout analysis benchmark',
    '',
    `${meta.date} · Node ${meta.node} · ${meta.seconds} s · load ${meta.load}${meta.quick ? ' · --quick' : ''}`,
    '',
    'Each rollout: a 30-minute plan 5% → 25% → 50% (10 minutes each), Poisson traffic at 50 requests/s',
    '(1 request/s for low traffic), stable failing 1% of requests. A judge "every Ns" is checked every N',
    'seconds of a steady clock; a step ends at the first check after its 10 minutes that lets it move on,',
    "and a step that cannot move on within 30 minutes is paused (the plans' default no-data deadline).",
    'Rampkit rolls back on a critical failure or 3 failed checks in a row, and moves on only on a pass.',
    'Flagger: success rate over 1 min < 99% or no data fails a check and halts advancement, rollback at',
    '5 failed checks. Argo: success rate over 5 min < 95% or no data fails a measurement, abort when',
    'failures exceed 3; its steps move on by time.',
    '',
  ];
  for (const section of results) {
    lines.push(
      `## ${section.title}`,
      '',
      `${section.seeds} rollouts (seeds 1–${section.seeds}); ${EXPECTED[section.expect]}.`,
      '',
      ...table(section),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
