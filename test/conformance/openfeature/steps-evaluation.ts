import { expect } from 'vitest';
import type { EvaluationContextValue, EvaluationDetails, FlagValue, Hook } from './deps.js';
import type { StepDefinition } from './gherkin-runner.js';
import { flagType, type OpenFeatureWorld, type ProviderCondition, parseValue } from './world.js';

/** A quoted Gherkin argument; `\"` inside it is an escaped quote. */
const Q = '"((?:[^"\\\\]|\\\\.)*)"';
const step = (
  pattern: string,
  run: StepDefinition<OpenFeatureWorld>['run'],
): StepDefinition<OpenFeatureWorld> => ({
  pattern: new RegExp(`^${pattern}$`),
  run,
});

function details(world: OpenFeatureWorld): EvaluationDetails<FlagValue> {
  if (world.details === undefined) throw new Error('the flag was not evaluated');
  return world.details;
}

/** Steps of evaluation_v2.feature and metadata.feature. */
export const evaluationSteps: StepDefinition<OpenFeatureWorld>[] = [
  step('a (stable|not ready|error|fatal|stale) provider', (world, [condition]) =>
    world.useProvider(condition as ProviderCondition),
  ),
  step(`an? ([A-Za-z]+)-flag with key ${Q} and a fallback value ${Q}`, (world, [type, key, fallback]) => {
    const kind = flagType(type!);
    world.flag = { key: key!, type: kind, defaultValue: parseValue(kind, fallback!) };
  }),
  step(`a context containing a key ${Q}, with type ${Q} and with value ${Q}`, (world, [key, type, value]) => {
    world.context = { ...world.context, [key!]: contextValue(type!, value!) };
  }),
  step(`a context containing a key ${Q} with null value`, (world, [key]) => {
    world.context = { ...world.context, [key!]: null };
  }),
  step('an evaluation context with modifiable data', (world) => {
    world.originalContext = { test_key: 'test_value' };
    world.context = { ...world.originalContext };
  }),
  step('evaluation options containing specific hooks', (world) => {
    world.invocationHooks = ['first', 'second'].map((name) => orderHook(world, name));
  }),
  step('the flag was evaluated with details', async (world) => {
    world.details = await world.evaluate();
  }),
  step('the flag was evaluated with details using the evaluation options', async (world) => {
    world.details = await world.evaluate({ hooks: world.invocationHooks });
  }),
  step('the flag was evaluated with details asynchronously', async (world) => {
    const pending = world.evaluate();
    world.returnedPromise = pending instanceof Promise;
    world.details = await pending;
  }),
  step(`the resolved details value should be ${Q}`, (world, [value]) => {
    const type = world.flag?.type ?? 'String';
    expect(details(world).value).toEqual(parseValue(type, value!));
  }),
  step(`the reason should be ${Q}`, (world, [reason]) => {
    expect(details(world).reason).toBe(reason);
  }),
  step(`the error-code should be ${Q}`, (world, [code]) => {
    expect(details(world).errorCode).toBe(code);
  }),
  step(`the flag key should be ${Q}`, (world, [key]) => {
    expect(details(world).flagKey).toBe(key);
  }),
  step(`the variant should be ${Q}`, (world, [variant]) => {
    expect(details(world).variant).toBe(variant);
  }),
  step('the resolved metadata should contain', (world, _args, table) => {
    const metadata = details(world).flagMetadata;
    for (const [key, type, value] of (table ?? []).slice(1)) {
      expect(metadata[key!], key).toEqual(contextValue(type!, value!));
    }
  }),
  step('the resolved metadata is empty', (world) => {
    expect(details(world).flagMetadata).toEqual({});
  }),
  step(`the provider status should be ${Q}`, (world, [status]) => {
    expect(world.client.providerStatus).toBe(status);
  }),
  step('the specified hooks should execute during evaluation', (world) => {
    expect(world.hookLog.length).toBeGreaterThan(0);
  }),
  step('the hook order should be maintained', (world) => {
    // Spec 4.4.2: before hooks run in the order given, after and finally hooks in reverse.
    expect(world.hookLog.map((entry) => `${entry.stage}:${entry.hook}`)).toEqual([
      'before:first',
      'before:second',
      'after:second',
      'after:first',
      'finally:second',
      'finally:first',
    ]);
  }),
  step('the original evaluation context should remain unmodified', (world) => {
    expect(world.originalContext).toEqual({ test_key: 'test_value' });
    expect(world.context).toEqual({ test_key: 'test_value' });
  }),
  step('the evaluation details should be immutable', (world) => {
    const result = details(world);
    expect(Object.isFrozen(result.flagMetadata)).toBe(true);
    expect(result.flagKey).toBe(world.flag?.key);
  }),
  step('the evaluation should complete without blocking', (world) => {
    expect(world.returnedPromise).toBe(true);
    expect(world.details).toBeDefined();
  }),
];

function contextValue(type: string, value: string): EvaluationContextValue {
  switch (type) {
    case 'String':
      return value;
    case 'Integer':
    case 'Float':
      return Number(value);
    case 'Boolean':
      return value === 'true';
    default:
      throw new Error(`unknown context value type ${type}`);
  }
}

function orderHook(world: OpenFeatureWorld, name: string): Hook {
  return {
    before: () => {
      world.hookLog.push({ stage: 'before', hook: name });
    },
    after: () => {
      world.hookLog.push({ stage: 'after', hook: name });
    },
    finally: () => {
      world.hookLog.push({ stage: 'finally', hook: name });
    },
  };
}
