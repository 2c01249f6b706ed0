import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'vitest';
import { AstBuilder, compile, GherkinClassicTokenMatcher, IdGenerator, Parser, type Pickle } from './deps.js';

/** One step binding: a pattern over the step text and what it does to the scenario's world. */
export interface StepDefinition<W> {
  readonly pattern: RegExp;
  readonly run: (world: W, args: string[], table: string[][] | undefined) => unknown;
}

export interface FeatureRun<W> {
  readonly path: string;
  readonly steps: readonly StepDefinition<W>[];
  readonly world: () => W;
  readonly cleanup: (world: W) => Promise<void>;
  /** Scenario name → why it cannot apply to a provider; such scenarios are reported as skipped. */
  readonly notApplicable?: Readonly<Record<string, string>>;
}

/**
 * A small Gherkin runner for vitest: each pickle (a scenario, or one example row of an outline,
 * with Background steps first) becomes one test whose steps run in order against a fresh world.
 * A step that matches no definition, or more than one, fails its scenario.
 */
export function runFeature<W>(run: FeatureRun<W>): void {
  const text = readFileSync(run.path, 'utf8');
  const newId = IdGenerator.incrementing();
  const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  const pickles = compile(document, run.path, newId);
  const title = document.feature?.name ?? run.path;

  describe(title, () => {
    let world: W | undefined;
    afterEach(async () => {
      if (world !== undefined) await run.cleanup(world);
      world = undefined;
    });
    const seen = new Map<string, number>();
    for (const pickle of pickles) {
      const name = testName(pickle, seen);
      const reason = run.notApplicable?.[pickle.name];
      if (reason !== undefined) {
        it.skip(`${name} — not applicable to a provider: ${reason}`, () => {});
        continue;
      }
      it(name, async () => {
        world = run.world();
        for (const step of pickle.steps) {
          const table = step.argument?.dataTable?.rows.map((row) => row.cells.map((cell) => cell.value));
          const [definition, args] = match(run.steps, step.text);
          await definition.run(world, args, table);
        }
      });
    }
  });
}

function match<W>(steps: readonly StepDefinition<W>[], text: string): [StepDefinition<W>, string[]] {
  const found: Array<[StepDefinition<W>, string[]]> = [];
  for (const definition of steps) {
    const result = definition.pattern.exec(text);
    if (result !== null) found.push([definition, result.slice(1).map((group) => group ?? '')]);
  }
  if (found.length === 1) return found[0]!;
  throw new Error(found.length === 0 ? `no step definition for: ${text}` : `ambiguous step: ${text}`);
}

/** Outline rows share the scenario's name; the first step's text (with its values) tells them apart. */
function testName(pickle: Pickle, seen: Map<string, number>): string {
  const detail = pickle.steps.find(
    (step) => !/provider$|provider with retrievable context is registered$/.test(step.text),
  );
  const base = detail ? `${pickle.name} | ${detail.text}` : pickle.name;
  const count = (seen.get(base) ?? 0) + 1;
  seen.set(base, count);
  return count === 1 ? base : `${base} (${count})`;
}
