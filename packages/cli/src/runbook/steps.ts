import type { AnalysisSettings, PlanStep, RolloutPlan } from '@rampkit/rollout';
import { duration, weight } from '../format/format.js';
import { describeChecks, sameSettings } from './checks.js';
import type { RunbookCommands } from './commands.js';

/** The analysis most steps use: the one the "checks" section explains once. */
export function mainAnalysis(plan: RolloutPlan): AnalysisSettings | null {
  return plan.steps.find((step) => step.analysis !== null)?.analysis ?? null;
}

/** The step table: one row a step, with what moves it on. */
export function stepTable(plan: RolloutPlan): string[] {
  const base = mainAnalysis(plan);
  const rows = plan.steps.map((step, index) => {
    const previous = index === 0 ? 0 : (plan.steps[index - 1] as PlanStep).weight;
    const analysis =
      step.analysis === null
        ? 'not analysed'
        : base !== null && sameSettings(step.analysis, base)
          ? 'analysed'
          : 'analysed (own settings)';
    return [
      String(index + 1),
      weight(step.weight),
      step.weight > previous ? 'yes' : 'no',
      step.holdMs > 0 ? duration(step.holdMs) : '–',
      analysis,
      step.approval ? 'yes' : 'no',
    ];
  });
  return [
    '| step | canary weight | traffic moves (gates run) | hold at least | analysis | approval |',
    '| ---: | ---: | --- | ---: | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** What happens at each step and when, in the order the controller does it (rollout/src/state/decide.ts). */
export function stepNarrative(plan: RolloutPlan, commands: RunbookCommands): string[] {
  const base = mainAnalysis(plan);
  const gated = plan.gates.healthChecks.length + plan.gates.webhooks.length > 0;
  const lines: string[] = [];
  plan.steps.forEach((step, index) => {
    const previous = index === 0 ? 0 : (plan.steps[index - 1] as PlanStep).weight;
    const last = index === plan.steps.length - 1;
    lines.push(`### Step ${index + 1}: ${weight(step.weight)} to ${plan.canary}`, '');
    const before: string[] = [];
    if (step.weight > previous) {
      if (plan.gates.freezes.length > 0) before.push('no change freeze is in force');
      if (plan.gates.windows.length > 0) before.push('the time is inside a deployment window');
      if (gated) before.push('every gate passes');
      const move =
        previous === 0 && step.weight === 100
          ? `everyone switches from ${plan.stable} to ${plan.canary} at once`
          : `the canary's share rises from ${weight(previous)} to ${weight(step.weight)}`;
      lines.push(
        before.length === 0
          ? `On entering, ${move}.`
          : `Before traffic moves the controller waits until ${joinWords(before)}; then ${move}.`,
      );
    } else {
      lines.push(`The weight stays at ${weight(step.weight)}: no gate, window or freeze is checked.`);
    }
    if (step.baselineMs !== undefined) {
      lines.push(
        `The canary is compared with what ${plan.stable} served in the ${duration(step.baselineMs)} before the switch, for ${duration(step.holdMs)} after it.`,
      );
    }
    if (step.analysis === null) {
      lines.push(
        step.holdMs > 0
          ? `Nothing is analysed here; the step ends after ${duration(step.holdMs)}.`
          : 'Nothing is analysed here.',
      );
    } else {
      const hold =
        step.holdMs > 0
          ? `The step lasts at least ${duration(step.holdMs)}, counted from when the new weight is in force; it completes`
          : 'It completes';
      lines.push(
        `${hold} on the first passing verdict taken at this step after the hold (analysis every ${duration(plan.analysis.intervalMs)}). A failing verdict at any time may roll the rollout back (below).`,
      );
      if (base !== null && !sameSettings(step.analysis, base)) {
        lines.push('', 'This step checks with its own settings:', '');
        for (const check of describeChecks(step.analysis, plan)) lines.push(`- ${check}`);
        lines.push('');
      }
    }
    if (step.approval) {
      lines.push(
        `Then it waits for a person: \`${commands.approve}\`. Approving early lets the step move on as soon as its hold and analysis are done.`,
      );
    }
    lines.push(
      last
        ? `When this step completes the rollout is **promoted**: \`${plan.canary}\` serves ${weight(step.weight)} of \`${plan.flag}\`.`
        : '',
    );
    lines.push('');
  });
  return collapseBlankLines(lines);
}

/** The shortest time the plan can take: its holds, when every verdict passes at once and nothing waits. */
export function shortestDurationMs(plan: RolloutPlan): number {
  return plan.steps.reduce((sum, step) => sum + step.holdMs, 0);
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function collapseBlankLines(lines: string[]): string[] {
  return lines.filter((line, index) => !(line === '' && lines[index - 1] === ''));
}
