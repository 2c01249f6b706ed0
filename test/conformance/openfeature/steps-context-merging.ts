import { expect } from 'vitest';
import { type EvaluationContext, OpenFeature } from './deps.js';
import type { StepDefinition } from './gherkin-runner.js';
import { ContextRecordingProvider, type OpenFeatureWorld } from './world.js';

const Q = '"((?:[^"\\\\]|\\\\.)*)"';

/** Steps of contextMerging.feature: entries at each level, merged by the SDK, seen by the provider. */
export const contextMergingSteps: StepDefinition<OpenFeatureWorld>[] = [
  {
    pattern: /^a stable provider with retrievable context is registered$/,
    run: (world) =>
      world.bind(
        new ContextRecordingProvider({ ...world.providerOptions(), flags: world.flags.config }),
        true,
      ),
  },
  {
    pattern: new RegExp(`^A context entry with key ${Q} and value ${Q} is added to the ${Q} level$`),
    run: (world, [key, value, level]) => addEntry(world, level!, key!, value!),
  },
  {
    pattern: /^A table with levels of increasing precedence$/,
    run: (world, _args, table) => {
      world.precedence = (table ?? []).map((row) => row[0]!);
    },
  },
  {
    // Each level down to the named one gets the key with its own name as value, so the merged
    // context shows the value of the level that takes precedence.
    pattern: new RegExp(
      `^Context entries for each level from API level down to the ${Q} level, with key ${Q} and value ${Q}$`,
    ),
    run: (world, [target, key]) => {
      for (const level of world.precedence) {
        addEntry(world, level, key!, level);
        if (level === target) return;
      }
      throw new Error(`level ${target} is not in the precedence table`);
    },
  },
  {
    pattern: /^Some flag was evaluated$/,
    run: async (world) => {
      const { api, transaction, client, invocation, beforeHooks } = world.levels;
      OpenFeature.setContext(api);
      world.client.setContext(client);
      if (beforeHooks !== undefined) world.client.addHooks({ before: () => beforeHooks });
      const evaluate = () => world.client.getBooleanDetails('boolean-flag', false, invocation);
      world.details =
        transaction === undefined
          ? await evaluate()
          : await new Promise((resolve, reject) => {
              OpenFeature.setTransactionContext(transaction, () => evaluate().then(resolve, reject));
            });
    },
  },
  {
    pattern: new RegExp(`^The merged context contains an entry with key ${Q} and value ${Q}$`),
    run: (world, [key, value]) => {
      const provider = world.provider;
      if (!(provider instanceof ContextRecordingProvider)) throw new Error('no context-recording provider');
      expect(provider.lastContext?.[key!]).toBe(value);
      // The provider evaluated with that context: the flag resolved normally.
      expect(world.details?.errorCode).toBeUndefined();
    },
  },
];

function addEntry(world: OpenFeatureWorld, level: string, key: string, value: string): void {
  const entry: EvaluationContext = { [key]: value };
  const levels = world.levels;
  switch (level) {
    case 'API':
      levels.api = { ...levels.api, ...entry };
      return;
    case 'Transaction':
      levels.transaction = { ...levels.transaction, ...entry };
      return;
    case 'Client':
      levels.client = { ...levels.client, ...entry };
      return;
    case 'Invocation':
      levels.invocation = { ...levels.invocation, ...entry };
      return;
    case 'Before Hooks':
      levels.beforeHooks = { ...levels.beforeHooks, ...entry };
      return;
    default:
      throw new Error(`unknown context level ${level}`);
  }
}
