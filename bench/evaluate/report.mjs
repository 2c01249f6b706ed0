/** Turns the rounds collected by run.mjs into the markdown report (printed and written to a file). */
import { SHAPES } from './shapes.mjs';
import { TRACKING_ROWS } from './tracking.mjs';

const PEERS = ['unleash', 'growthbook', 'launchdarkly'];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of one measurement of one SDK over the rounds; undefined if absent.
 * `field` is `nsPerEval` (wall clock) or `cpuNsPerEval` (process CPU time). */
function summary(collected, sdk, id, field = 'nsPerEval') {
  const values = (collected[sdk] ?? []).map((round) => round[id]?.[field]).filter((v) => v !== undefined);
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function ns(value) {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function cell(s) {
  return s === undefined ? '—' : `${ns(s.median)} (${ns(s.min)}–${ns(s.max)})`;
}

function ratio(numerator, denominator) {
  return `${(numerator / denominator).toFixed(1)}×`;
}

function percent(n, d) {
  return `${((n / d) * 100).toFixed(1)}%`;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** What each SDK answered in the first round, as shares of the units. */
function answers(collected, sdks, units) {
  const rows = [];
  for (const shape of SHAPES) {
    const row = [shape.id];
    for (const sdk of sdks) {
      const counts = collected[sdk]?.[0]?.[shape.id]?.counts;
      if (counts === undefined) row.push('—');
      else if (shape.kind === 'boolean') row.push(`${percent(counts.on, units)} on`);
      else row.push(['a', 'b', 'c'].map((arm) => `${arm} ${percent(counts[arm], units)}`).join(', '));
    }
    rows.push(row);
  }
  return table(['shape', ...sdks], rows);
}

/** Shape × SDK, plus "fastest peer / rampkit" when Rampkit was measured. */
function shapeTable(run, sdks, field) {
  const { collected } = run;
  const header = ['shape', ...sdks];
  if (run.rampkitBuilt) header.push('fastest peer / rampkit');
  const rows = SHAPES.map((shape) => {
    const row = [shape.label, ...sdks.map((sdk) => cell(summary(collected, sdk, shape.id, field)))];
    if (run.rampkitBuilt) {
      const mine = summary(collected, 'rampkit', shape.id, field);
      const peers = PEERS.map((sdk) => ({ sdk, s: summary(collected, sdk, shape.id, field) })).filter(
        ({ s }) => s,
      );
      const fastest = peers.sort((a, b) => a.s.median - b.s.median)[0];
      row.push(mine && fastest ? `${ratio(fastest.s.median, mine.median)} (${fastest.sdk})` : '—');
    }
    return row;
  });
  return table(header, rows);
}

export function renderReport(run) {
  const { collected, info, units, rounds } = run;
  const sdks = Object.keys(collected);
  const out = [];
  out.push('# Evaluation benchmark');
  out.push('');
  out.push(
    `${run.date} · Node ${run.node} · ${run.cpu} (load ${run.loadBefore.toFixed(2)} at start) · ${rounds} rounds × ${units.toLocaleString('en-US')} distinct units` +
      `${run.quick ? ' (--quick)' : ''} · ${run.seconds.toFixed(0)} s`,
  );
  out.push('');
  out.push(
    table(
      ['SDK', 'version', 'API measured'],
      sdks.map((sdk) => [sdk, info[sdk]?.version ?? '?', API[sdk]]),
    ),
  );
  out.push('');
  if (!run.rampkitBuilt) {
    out.push('**Rampkit was not measured: @rampkit/core is not built (`pnpm build`). Peers only.**');
    out.push('');
  }

  out.push('## ns per evaluation');
  out.push('');
  out.push(
    `Wall clock, median over ${rounds} round${rounds === 1 ? '' : 's'} (min–max in brackets); lower is faster.`,
  );
  out.push('The last column divides the fastest peer by Rampkit: above 1× Rampkit is faster.');
  out.push('');
  out.push(shapeTable(run, sdks, 'nsPerEval'));
  out.push('');
  out.push('### CPU time per evaluation');
  out.push('');
  out.push("The process's CPU time over the same loops (all its threads, so GC and JIT helpers count too).");
  out.push('It leaves out time spent waiting for a core, so it is the steadier figure on a busy machine.');
  out.push('');
  out.push(shapeTable(run, sdks, 'cpuNsPerEval'));
  out.push('');

  if (run.rampkitBuilt) {
    const id = (count) => `scaling-${count}`;
    const wall = [1, run.options.scalingFlags].map((count) => summary(collected, 'rampkit', id(count)));
    const cpu = [1, run.options.scalingFlags].map((count) =>
      summary(collected, 'rampkit', id(count), 'cpuNsPerEval'),
    );
    if (wall.every(Boolean) && cpu.every(Boolean)) {
      out.push('## Rampkit: one rollout flag among 1 or 10,000 configured flags');
      out.push('');
      out.push(
        table(
          ['flags configured', 'ns per evaluation (wall)', 'ns per evaluation (CPU)'],
          [
            ['1', cell(wall[0]), cell(cpu[0])],
            [run.options.scalingFlags.toLocaleString('en-US'), cell(wall[1]), cell(cpu[1])],
            ['ratio 10,000 / 1', ratio(wall[1].median, wall[0].median), ratio(cpu[1].median, cpu[0].median)],
          ],
        ),
      );
      out.push('');
    }
  }

  if (run.rampkitBuilt) out.push(...trackingSection(run));

  const allFlags = ['rampkit', 'launchdarkly']
    .map((sdk) => ({
      sdk,
      wall: summary(collected, sdk, 'allFlags'),
      cpu: summary(collected, sdk, 'allFlags', 'cpuNsPerEval'),
    }))
    .filter(({ wall, cpu }) => wall && cpu);
  if (allFlags.length > 0) {
    out.push(`## All flags for one context (${run.options.allFlagsCount} flags configured), ns per flag`);
    out.push('');
    out.push(
      `${run.options.allFlagsUnits.toLocaleString('en-US')} units per round; the flags are the four shapes in turn.` +
        ' Each result was checked against single evaluation on 200 units.',
    );
    out.push('');
    const rowsAll = allFlags.map(({ sdk, wall, cpu }) => [
      `${sdk} ${sdk === 'rampkit' ? 'allFlags' : 'allFlagsState'}`,
      cell(wall),
      cell(cpu),
    ]);
    const mine = allFlags.find(({ sdk }) => sdk === 'rampkit');
    const theirs = allFlags.find(({ sdk }) => sdk === 'launchdarkly');
    if (mine && theirs) {
      rowsAll.push([
        'launchdarkly / rampkit',
        ratio(theirs.wall.median, mine.wall.median),
        ratio(theirs.cpu.median, mine.cpu.median),
      ]);
    }
    out.push(table(['call', 'ns per flag (wall)', 'ns per flag (CPU)'], rowsAll));
    out.push('');
  }

  out.push(...memorySection(run, Object.keys(run.memory ?? {})));

  out.push(`## Heap growth after evaluating ${units.toLocaleString('en-US')} distinct units`);
  out.push('');
  out.push('`heapUsed` after a forced GC, before and after the first round (each unit evaluated on all four');
  out.push('shapes). The contexts themselves exist before the baseline. Growth means the SDK retains');
  out.push('something per unit (a cache, an event queue); a few hundred KB is JIT and allocator noise.');
  out.push('');
  out.push(
    table(
      ['SDK', 'heap growth', 'bytes per unit'],
      sdks
        .filter((sdk) => run.heapGrowth[sdk])
        .map((sdk) => {
          const { bytes, units: n } = run.heapGrowth[sdk];
          return [sdk, `${(bytes / 1024 / 1024).toFixed(2)} MB`, (bytes / n).toFixed(1)];
        }),
    ),
  );
  out.push('');

  out.push('## Answers (first round)');
  out.push('');
  out.push(
    'Every round is checked: bool all on, rollout 50% ± 1%, rule 25% ± 1% with no unit outside US/CA on,',
  );
  out.push('three arms 33.3% ± 1% each.');
  out.push('');
  out.push(answers(collected, sdks, units));
  out.push('');

  const totalBlocked = Object.values(run.blocked).reduce((sum, n) => sum + n, 0);
  out.push('## Network');
  out.push('');
  out.push(
    `network guard: ${totalBlocked} blocked connections (self-check: ${run.guard.blockedAttempts}/${run.guard.attempts}` +
      ' outgoing attempts blocked, loopback allowed)',
  );
  out.push('');
  const problems = [...new Set(run.problems)];
  if (problems.length > 0) {
    out.push('## WRONG ANSWERS');
    out.push('');
    for (const p of problems) out.push(`- ${p}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * Heap of a client holding `memoryFlags` flags (memory.mjs): median over fresh processes, min–max
 * in brackets.
 */
function memorySection(run, sdks) {
  const measured = sdks.filter((sdk) => (run.memory?.[sdk] ?? []).length > 0);
  if (measured.length === 0) return [];
  // Decimal megabytes (10^6 bytes), the stricter reading of the targets.
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  const spread = (values) => `${mb(median(values))} (${mb(Math.min(...values))}–${mb(Math.max(...values))})`;
  const rows = measured.map((sdk) => {
    const list = run.memory[sdk];
    return [
      sdk,
      spread(list.map((m) => m.loaded)),
      spread(list.map((m) => m.evaluated)),
      `${(median(list.map((m) => m.evaluated)) / run.options.memoryFlags).toFixed(0)}`,
      mb(median(list.map((m) => m.rss))),
    ];
  });
  return [
    `## Memory: a client holding ${run.options.memoryFlags.toLocaleString('en-US')} flags`,
    '',
    '`heapUsed` after a forced GC, minus the same just before the client was made (the SDK loaded and one',
    "one-flag client made and evaluated first, so that the SDK's own lazy set-up is not counted): after",
    'load, and after every flag was evaluated once for one unit. The flags are the four shapes in turn.',
    `Median of ${run.options.memoryProcesses} fresh processes per SDK (min–max), MB of 10^6 bytes; RSS at the end.`,
    ...(measured.includes('rampkit-redis')
      ? [
          "rampkit-redis: rampkit's flags written to Redis by another process and loaded by a client through",
          "RedisStore, measured once the subscription's own reads are done (adapters/rampkit-redis.mjs).",
        ]
      : []),
    '',
    table(['SDK', 'heap after load', 'heap after evaluating every flag', 'bytes per flag', 'RSS'], rows),
    '',
  ];
}

const API = {
  rampkit: '`isEnabled` / `value` (sync)',
  unleash: '`isEnabled` / `getVariant` (sync)',
  growthbook: '`GrowthBookClient.isOn` / `getFeatureValue` (sync)',
  launchdarkly: '`variation` (returns a Promise, awaited)',
};

/** Issue #22's target: `track()` within 2× `isEnabled` (the client that does not track). */
function trackingSection(run) {
  const rows = TRACKING_ROWS.map((row) => ({
    ...row,
    wall: summary(run.collected, 'rampkit', row.id),
    cpu: summary(run.collected, 'rampkit', row.id, 'cpuNsPerEval'),
  }));
  if (!rows.every((row) => row.wall && row.cpu)) return [];
  const [base] = rows;
  return [
    '## Rampkit: `track()` beside `isEnabled` (one 50% rollout flag)',
    '',
    `${run.units.toLocaleString('en-US')} units in chunks of ${run.options.trackChunkUnits.toLocaleString('en-US')}, ` +
      'each exposed, tracked twice and flushed (outside the timed loops) into a store that keeps nothing. ' +
      'Ratios: median / median of the first row; the target is `track` within 2×.',
    '',
    table(
      ['call', 'ns per call (wall)', 'ns per call (CPU)', '/ isEnabled not tracking (wall)', '(CPU)'],
      rows.map((row) => [
        row.label,
        cell(row.wall),
        cell(row.cpu),
        ratio(row.wall.median, base.wall.median),
        ratio(row.cpu.median, base.cpu.median),
      ]),
    ),
    '',
  ];
}
