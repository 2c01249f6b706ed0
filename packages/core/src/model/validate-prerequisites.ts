import type { Steps } from '../internal/time-slice.js';
import {
  checkKnownKeys,
  childPath,
  expectArray,
  expectNonEmptyString,
  expectRecord,
  expectString,
  get,
  indexPath,
  quote,
} from '../validation/index.js';
import { PREREQUISITE_KEYS } from './validate-keys.js';
import { checkVariationName, type FlagScope } from './validate-scope.js';

/** An edge of the prerequisite graph: `from` needs `to`, declared at `path`. */
export interface PrerequisiteEdge {
  readonly to: string;
  readonly path: string;
}

/**
 * Checks one flag's prerequisites against the other flags and returns the edges that point at an
 * existing other flag, for the cycle check that runs once every flag has been seen.
 */
export function checkPrerequisites(
  flagKey: string | undefined,
  prerequisites: unknown,
  path: string,
  scope: FlagScope,
): PrerequisiteEdge[] {
  const { issues } = scope;
  const edges: PrerequisiteEdge[] = [];
  if (!expectArray(prerequisites, path, issues)) return edges;
  for (let i = 0; i < prerequisites.length; i++) {
    const itemPath = indexPath(path, i);
    const item = prerequisites[i];
    if (!expectRecord(item, itemPath, issues)) continue;
    checkKnownKeys(item, PREREQUISITE_KEYS, itemPath, issues);

    const flagPath = childPath(itemPath, 'flag');
    const target = get(item, 'flag');
    let names: ReadonlySet<string> | undefined;
    if (expectNonEmptyString(target, flagPath, issues)) {
      if (target === flagKey) {
        issues.push({ path: flagPath, message: 'a flag cannot be its own prerequisite' });
      } else if (!scope.flags.has(target)) {
        issues.push({ path: flagPath, message: `names no flag of this configuration: ${quote(target)}` });
      } else {
        names = scope.flags.get(target);
        edges.push({ to: target, path: flagPath });
      }
    }

    const variationsPath = childPath(itemPath, 'variations');
    const variations = get(item, 'variations');
    if (!expectArray(variations, variationsPath, issues)) continue;
    if (variations.length === 0) {
      issues.push({
        path: variationsPath,
        message: 'must list at least one variation of the prerequisite flag',
      });
    }
    for (let j = 0; j < variations.length; j++) {
      const name = variations[j];
      const namePath = indexPath(variationsPath, j);
      if (expectString(name, namePath, issues) && typeof target === 'string') {
        checkVariationName(name, names, namePath, issues, `flag ${quote(target)}`);
      }
    }
  }
  return edges;
}

/** Longer cycles are shown by their ends; the whole cycle is rarely what a reader needs. */
const CYCLE_SHOWN = 8;

/**
 * Finds prerequisite cycles with an iterative depth-first search (a long chain of flags must not
 * overflow the call stack): each edge that closes a cycle is reported with the cycle it closes.
 * One step per flag, so that a sliced validation can pause in the middle of a long chain.
 */
export function* prerequisiteCycleChecks(
  graph: ReadonlyMap<string, readonly PrerequisiteEdge[]>,
  issues: FlagScope['issues'],
): Steps<void> {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of graph.keys()) {
    if (state.has(root)) continue;
    const stack: Array<{ key: string; next: number }> = [{ key: root, next: 0 }];
    const position = new Map<string, number>([[root, 0]]);
    state.set(root, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = graph.get(frame.key) ?? [];
      const edge = edges[frame.next++];
      if (edge === undefined) {
        state.set(frame.key, 'done');
        position.delete(frame.key);
        stack.pop();
        yield;
        continue;
      }
      const seen = state.get(edge.to);
      if (seen === 'open') {
        const cycle = describeCycle(stack, position.get(edge.to) ?? 0);
        issues.push({ path: edge.path, message: `prerequisite cycle: ${cycle}` });
      } else if (seen === undefined) {
        state.set(edge.to, 'open');
        position.set(edge.to, stack.length);
        stack.push({ key: edge.to, next: 0 });
      }
    }
  }
}

/** The flags on the stack from `start` on, back to the first: `"a" → "b" → "a"`. */
function describeCycle(stack: ReadonlyArray<{ key: string }>, start: number): string {
  const length = stack.length - start;
  const keys = (from: number, to: number): string[] => stack.slice(from, to).map((frame) => quote(frame.key));
  const shown =
    length <= CYCLE_SHOWN
      ? keys(start, stack.length)
      : [...keys(start, start + CYCLE_SHOWN / 2), '…', ...keys(stack.length - CYCLE_SHOWN / 2, stack.length)];
  return [...shown, quote(stack[start]?.key ?? '')].join(' → ');
}
