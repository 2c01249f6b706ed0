import { clopperPearsonLower } from '@rampkit/core/stats';
import { TOLERANCE } from './crosscheck.mjs';

/**
 * Markdown for the experiments benchmark: one table per section, each with the target and
 * whether this run met it. Rates come with an exact 95% interval (Clopper–Pearson), since a rate
 * over a few thousand runs is itself uncertain; the target is judged on the measured rate.
 */

const ALPHA = 0.05;

function interval(k, n) {
  return [clopperPearsonLower(k, n, 0.025), 1 - clopperPearsonLower(n - k, n, 0.025)];
}

const pct = (x, digits = 2) => `${(100 * x).toFixed(digits)}%`;
const num = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'not reached');
const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(3)}×` : '—');
const verdict = (ok) => (ok ? 'met' : '**missed**');

function rate(k, n, digits = 2) {
  const [lower, upper] = interval(k, n);
  return `${k} / ${n.toLocaleString('en-US')} = ${pct(k / n, digits)} (${pct(lower, digits)}–${pct(upper, digits)})`;
}

/** The q-quantile of per-run values, runs that never got there (null) counting as +∞. */
function quantile(values, q) {
  const sorted = values.map((v) => (v === null ? Number.POSITIVE_INFINITY : v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function variance(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
}

export function renderReport(results, check, info) {
  const lines = [
    '# experiments: the stats engine, measured',
    '',
    `${info.date}, Node ${info.node}${info.quick ? ', **quick mode** (a tenth of the runs)' : ''}; ${info.seconds} s; load average at start ${info.load}.`,
    'Every figure is a count of simulated units or runs (seeded: the same on every machine). α = 0.05 throughout.',
    '',
  ];
  const targets = [];
  for (const section of results) {
    lines.push(`## ${section.title}`, '');
    lines.push(...SECTIONS[section.key](section, targets), '');
  }
  if (check !== null) lines.push(...renderCrossCheck(check, targets));
  lines.push('## Targets', '', '| target | measured | |', '| --- | --- | --- |');
  for (const t of targets) lines.push(`| ${t.target} | ${t.measured} | ${verdict(t.ok)} |`);
  lines.push('');
  return { markdown: `${lines.join('\n')}\n`, missed: targets.filter((t) => !t.ok).map((t) => t.target) };
}

const SECTIONS = {
  aa(section, targets) {
    const { meta, part } = section;
    const runs = part.runs;
    const rows = [
      `${runs.toLocaleString('en-US')} A/A runs of ${meta.units.toLocaleString('en-US')} units (50/50), analysed with \`analyzeExperiment\` after every ${meta.step} units (${meta.units / meta.step} reads). Each metric's MDE puts the sequential test's planned size at ${num(meta.metrics[0].plannedUnits)} units, so runs go on to twice it. The peer is a fixed-horizon 95% z-test read at every read, as a dashboard without sequential testing would.`,
      '',
      '| metric (MDE) | false positives, sequential (95% CI) | interval covered 0 at every read | worst single read | relative interval covered 0 at every read | fixed-horizon z-test read every time |',
      '| --- | --- | --- | --- | --- | --- |',
    ];
    for (const m of meta.metrics) {
      const t = part.byMetric[m.key];
      const worst = 1 - Math.max(...t.missesByRead) / runs;
      rows.push(
        `| ${m.label} (${pct(m.mde, 1)}) | ${rate(t.rejected, runs)} | ${pct(1 - t.missedAbsolute / runs)} | ${pct(worst)} | ${pct(1 - t.missedRelative / runs)} | ${rate(t.naive, runs, 1)} |`,
      );
      targets.push({
        target: `A/A ${m.key}: false positives ≤ 5% over ${meta.units / meta.step} reads`,
        measured: pct(t.rejected / runs),
        ok: t.rejected / runs <= ALPHA,
      });
      targets.push({
        target: `A/A ${m.key}: coverage ≥ 95% at every read`,
        measured: `${pct(1 - t.missedAbsolute / runs)} (all reads at once), worst single read ${pct(worst)}`,
        ok: 1 - t.missedAbsolute / runs >= 1 - ALPHA,
      });
    }
    rows.push(
      '',
      `The sample-ratio check flagged ${part.srmFlags} of these ${runs.toLocaleString('en-US')} healthy runs.`,
    );
    return rows;
  },

  coverage(section, targets) {
    const { meta, part } = section;
    const runs = part.runs;
    const rows = [
      `${runs.toLocaleString('en-US')} runs of ${meta.units.toLocaleString('en-US')} units with the treatment lifting each metric by its MDE; a run counts as covered when the interval held the true lift at all ${meta.units / meta.step} reads.`,
      '',
      '| metric | absolute lift covered at every read | relative lift (Fieller) covered at every read |',
      '| --- | --- | --- |',
    ];
    for (const [key, t] of Object.entries(part.byMetric)) {
      rows.push(
        `| ${key} | ${rate(runs - t.missedAbsolute, runs)} | ${rate(runs - t.missedRelative, runs)} |`,
      );
      targets.push({
        target: `${key} with a true lift: coverage ≥ 95% at every read`,
        measured: `absolute ${pct(1 - t.missedAbsolute / runs)}, relative ${pct(1 - t.missedRelative / runs)}`,
        ok: 1 - t.missedAbsolute / runs >= 1 - ALPHA && 1 - t.missedRelative / runs >= 1 - ALPHA,
      });
    }
    return rows;
  },

  power(section, targets) {
    const { meta, part } = section;
    const runs = part.runs;
    const fixedCurve = part.fixedRejectsByRead.map((k) => k / runs);
    const fixedRead = fixedCurve.findIndex((p) => p >= 0.8);
    const fixedEmpirical = fixedRead === -1 ? Number.POSITIVE_INFINITY : (fixedRead + 1) * meta.step;
    const powerAtPlan = fixedCurve[Math.round(meta.fixedUnits / meta.step) - 1];
    const sequential = quantile(part.sequentialRuns, 0.8);
    const guardrail = quantile(part.guardrailRuns, 0.8);
    const groupDetected = part.groupRuns.filter((v) => v !== null).length;
    const groupAt = meta.looks.find(
      (look) => part.groupRuns.filter((v) => v !== null && v <= look + meta.step).length >= 0.8 * runs,
    );
    const groupUnits = groupAt ?? Number.POSITIVE_INFINITY;
    const groupMean =
      part.groupRuns.reduce((sum, v) => sum + (v ?? meta.looks[meta.looks.length - 1]), 0) / runs;
    const oneSidedFixed =
      meta.fixedUnits *
      ((1.6448536269514722 + 0.8416212335729143) / (1.959963984540054 + 0.8416212335729143)) ** 2;
    const rows = [
      `${runs.toLocaleString('en-US')} runs: conversion 10% in control, 10.5% in the treatment (+5% relative), 50/50, read every ${meta.step} units. The fixed-horizon z-test needs ${num(meta.fixedUnits)} units by the formula (planSampleSize); the same runs measure where it reaches 80% power. The sequential tests are tuned to that planned size (MDE 5%); the group-sequential design has 5 equally spaced looks up to ${num(meta.groupUnits)} units.`,
      '',
      '| design | units at 80% power | × fixed-horizon (measured) | × fixed-horizon (formula) |',
      '| --- | --- | --- | --- |',
      `| fixed-horizon z-test, read once | ${num(fixedEmpirical)} (power at its planned size ${pct(powerAtPlan, 1)}) | 1 | ${ratio(fixedEmpirical / meta.fixedUnits)} |`,
      `| continuous monitoring, two-sided mixture (sequential, the default) | ${num(sequential)} | ${ratio(sequential / fixedEmpirical)} | ${ratio(sequential / meta.fixedUnits)} |`,
      `| group-sequential, 5 looks, O'Brien–Fleming spending | ${num(groupUnits)} (power at the last look ${pct(groupDetected / runs, 1)}; mean units at stopping ${num(groupMean)}) | ${ratio(groupUnits / fixedEmpirical)} | ${ratio(groupUnits / meta.fixedUnits)} |`,
      `| continuous monitoring, one-sided (guardrail: harm) | ${num(guardrail)} | ${ratio(guardrail / fixedEmpirical)} | ${ratio(guardrail / meta.fixedUnits)}; ${ratio(guardrail / oneSidedFixed)} of the one-sided fixed test's ${num(oneSidedFixed)} |`,
      '',
      `The planner's own figures for these designs: sequential ${ratio(meta.planned.multiplier)} (${num(meta.planned.totalUnits)} units), group-sequential ${ratio(meta.groupUnits / meta.fixedUnits)}.`,
    ];
    targets.push({
      target: 'continuous monitoring ≤ 1.75× the fixed-horizon z-test',
      measured: `${ratio(sequential / fixedEmpirical)} (measured), ${ratio(sequential / meta.fixedUnits)} (formula)`,
      ok: sequential / fixedEmpirical <= 1.75 && sequential / meta.fixedUnits <= 1.75,
    });
    targets.push({
      target: 'group-sequential ≤ 1.15×',
      measured: `${ratio(groupUnits / fixedEmpirical)} (measured), ${ratio(groupUnits / meta.fixedUnits)} (formula)`,
      ok: groupUnits / fixedEmpirical <= 1.15 && groupUnits / meta.fixedUnits <= 1.15,
    });
    targets.push({
      target: 'one-sided guardrail test: printed',
      measured: `${ratio(guardrail / fixedEmpirical)} of the two-sided fixed test`,
      ok: Number.isFinite(guardrail),
    });
    return rows;
  },

  cuped(section, targets) {
    const { meta, part } = section;
    const reduction = 1 - variance(part.adjustedRuns) / variance(part.rawRuns);
    // The measured reduction is itself uncertain: its spread over 20 batches of runs.
    const batches = Array.from({ length: 20 }, (_, b) => {
      const size = Math.floor(part.runs / 20);
      const slice = (list) => list.slice(b * size, (b + 1) * size);
      return 1 - variance(slice(part.adjustedRuns)) / variance(slice(part.rawRuns));
    });
    const spread = 2 * Math.sqrt(variance(batches) / batches.length);
    const reported = part.reportedRuns.reduce((a, b) => a + b, 0) / part.runs;
    const expected = meta.rho ** 2;
    const rows = [
      `${part.runs.toLocaleString('en-US')} runs, ${meta.perArm.toLocaleString('en-US')} units per arm; the metric and its pre-period covariate are normal with correlation ρ = ${meta.rho}; the treatment adds ${meta.effect}.`,
      '',
      '| | variance reduction |',
      '| --- | --- |',
      `| expected: ρ² (the variance left is 1 − ρ²) | ${pct(expected, 1)} |`,
      `| measured: 1 − Var(CUPED lift) / Var(plain lift) over the runs | ${pct(reduction, 1)} (± ${pct(spread, 1)}: twice the standard error over 20 batches of runs) |`,
      `| reported by the engine (cuped.varianceReduction), mean over runs | ${pct(reported, 1)} |`,
      '',
      `The CUPED interval covered the true lift in ${rate(part.covered, part.runs)} of runs (fixed horizon, 95%).`,
    ];
    targets.push({
      target: 'CUPED at ρ = 0.7: variance reduction close to ρ² = 49%',
      measured: `${pct(reduction, 1)} measured, ${pct(reported, 1)} reported`,
      ok: Math.abs(reduction - expected) <= Math.max(0.03, spread) && Math.abs(reported - expected) < 0.03,
    });
    return rows;
  },

  srmDetection(section, targets) {
    const { meta, part } = section;
    const detected = part.detectedRuns.filter((v) => v !== null).length;
    const median = quantile(part.detectedRuns, 0.5);
    const rows = [
      `${part.runs.toLocaleString('en-US')} runs of a 50/50 split served ${pct(meta.served, 1)} / ${pct(1 - meta.served, 1)}, checked (\`checkSampleRatio\`, srmAlpha 0.001) after every ${meta.step} units, up to ${num(meta.horizon)} units.`,
      '',
      '| flagged within the horizon | median units to detection | p10 | p90 |',
      '| --- | --- | --- | --- |',
      `| ${rate(detected, part.runs, 1)} | ${num(median)} | ${num(quantile(part.detectedRuns, 0.1))} | ${num(quantile(part.detectedRuns, 0.9))} |`,
    ];
    targets.push({
      target: 'SRM: 50.5/49.5 is flagged (median units printed)',
      measured: `${pct(detected / part.runs, 1)} flagged, median ${num(median)} units`,
      ok: detected / part.runs >= 0.95,
    });
    return rows;
  },

  srmHealthy(section, targets) {
    const { meta, part } = section;
    const rows = [
      `${part.runs.toLocaleString('en-US')} healthy 50/50 runs checked after every ${meta.step} units up to ${num(meta.horizon)} units (${meta.horizon / meta.step} checks each).`,
      '',
      `False flags: ${rate(part.flagged, part.runs, 2)}.`,
    ];
    targets.push({
      target: 'SRM: ≤ 0.1% false flags over healthy runs',
      measured: `${part.flagged} of ${part.runs.toLocaleString('en-US')} (${pct(part.flagged / part.runs)})`,
      ok: part.flagged / part.runs <= 0.001,
    });
    return rows;
  },
};

/** The cross-check table. */
function renderCrossCheck(check, targets) {
  if (!check.available) {
    targets.push({
      target: 'cross-check with SciPy/statsmodels to 1e-6',
      measured: 'skipped: no Python with SciPy and statsmodels',
      ok: false,
    });
    return [
      '## Cross-check against SciPy and statsmodels',
      '',
      `Skipped: no Python with SciPy and statsmodels was found (set RAMPKIT_PYTHON, or install Debian's python3-scipy and python3-statsmodels). ${check.cases} cases were prepared.`,
      '',
    ];
  }
  const worst = Math.max(...check.rows.map((r) => r.worst));
  const worstCuped = Math.max(0, ...check.rows.filter((r) => r.cuped !== undefined).map((r) => r.cuped));
  const lines = [
    '## Cross-check against SciPy and statsmodels',
    '',
    `Identical sufficient statistics, fixed-horizon analysis, ${check.interpreter}: SciPy ${check.versions.scipy}, statsmodels ${check.versions.statsmodels}. Largest relative difference over the lift, its standard error, both interval ends and the p-value:`,
    '',
    '| case | reference | difference | 95% interval (engine) | p (engine) | largest relative difference | other conventions |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of check.rows) {
    const notes = [];
    if (row.pooled !== undefined)
      notes.push(`pooled-variance z (proportions_ztest) p differs by ${row.pooled.toExponential(1)}`);
    if (row.welch !== undefined) notes.push(`Welch t-test p differs by ${row.welch.toExponential(1)}`);
    if (row.cuped !== undefined)
      notes.push(`CUPED lift and θ vs OLS y ~ arm + z: ${row.cuped.toExponential(1)}`);
    const reference =
      row.kind === 'binomial'
        ? 'statsmodels wald'
        : row.kind === 'mean'
          ? 'statsmodels CompareMeans'
          : 'NumPy delta method';
    lines.push(
      `| ${row.id} | ${reference} | ${row.ours.difference.toPrecision(6)} | ${row.ours.lower.toPrecision(6)} to ${row.ours.upper.toPrecision(6)} | ${row.ours.pValue.toPrecision(4)} | ${row.worst.toExponential(1)} | ${notes.join('; ') || '—'} |`,
    );
  }
  lines.push(
    '',
    'What differs, and why:',
    '',
    '- statsmodels’ default two-proportion test (`proportions_ztest`) pools the variance under the null, p̂(1 − p̂)(1/n₁ + 1/n₂) with the pooled rate. The engine uses the unpooled (Wald) variance for the interval and the p-value alike, so that the interval excludes 0 exactly when p ≤ α; statsmodels’ own Wald test (`test_proportions_2indep`, method `wald`) agrees with it to rounding.',
    '- SciPy’s Welch test uses Student’s t with Welch–Satterthwaite degrees of freedom; the engine uses the normal distribution, on which the sequential designs rest. The two converge as the arms grow.',
    '- The ratio metric has no library implementation: its reference is the delta method (Deng, Knoblich and Lu 2018) written out again with NumPy, a second implementation rather than an independent library.',
    '- CUPED: the adjusted lift and θ equal the arm coefficient and slope of statsmodels’ OLS y ~ 1 + arm + z. Its standard error is not compared: OLS’s classical one pools the residual variance over both arms, the engine’s adds each arm’s own (as Deng et al. 2013 do).',
    '',
  );
  targets.push({
    target: `cross-check: lift, interval and p-value within ${TOLERANCE} of SciPy/statsmodels`,
    measured: `largest relative difference ${worst.toExponential(1)}; CUPED vs statsmodels OLS ${worstCuped.toExponential(1)}`,
    ok: worst <= TOLERANCE && worstCuped <= TOLERANCE,
  });
  return lines;
}
