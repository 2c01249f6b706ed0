/** Slices of a rollout's time in which a chart marks each outcome at most once. */
const MARK_SLICES = 120;

export interface VerdictMark {
  /** Seconds on the rollout's clock, as the chart's x axis. */
  x: number;
  status: string;
}

/**
 * The verdict lines a chart draws: every verdict while there are few, else at most one per outcome
 * in each of `slices` equal slices of the time the verdicts span (the first of them). A rollout's
 * history has no bound and analyses every interval, so a long one has thousands of verdicts, which
 * the page carries once per chart and again in every live update; on a chart a few hundred pixels
 * wide, more lines than slices would overlap anyway, and no outcome disappears from any slice.
 */
export function verdictMarks(
  verdicts: ReadonlyArray<{ at: number; status: string }>,
  slices = MARK_SLICES,
): VerdictMark[] {
  const mark = (verdict: { at: number; status: string }) => ({
    x: Math.round(verdict.at / 1000),
    status: verdict.status,
  });
  if (verdicts.length <= slices) return verdicts.map(mark);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { at } of verdicts) {
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  const width = (last - first) / slices;
  const seen = new Set<string>();
  const kept: Array<{ at: number; status: string }> = [];
  for (const verdict of verdicts) {
    const slice = width > 0 ? Math.min(slices - 1, Math.floor((verdict.at - first) / width)) : 0;
    const key = `${slice}:${verdict.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(verdict);
  }
  return kept.map(mark);
}
