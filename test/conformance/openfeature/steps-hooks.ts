import { expect } from 'vitest';
import type { StepDefinition } from './gherkin-runner.js';
import type { OpenFeatureWorld } from './world.js';

const Q = '"((?:[^"\\\\]|\\\\.)*)"';

/** Steps of hooks.feature: a hook on the client records each stage and the details it is given. */
export const hookSteps: StepDefinition<OpenFeatureWorld>[] = [
  {
    pattern: /^a client with added hook$/,
    run: (world) => {
      world.client.addHooks({
        before: () => {
          world.hookLog.push({ stage: 'before', hook: 'client' });
        },
        after: (_context, details) => {
          world.hookLog.push({ stage: 'after', hook: 'client', details });
        },
        error: () => {
          world.hookLog.push({ stage: 'error', hook: 'client' });
        },
        finally: (_context, details) => {
          world.hookLog.push({ stage: 'finally', hook: 'client', details });
        },
      });
    },
  },
  {
    pattern: new RegExp(`^the ${Q} hook should have been executed$`),
    run: (world, [stage]) => {
      expect(world.hookLog.map((entry) => entry.stage)).toContain(stage);
    },
  },
  {
    pattern: new RegExp(`^the ${Q} hooks? should be called with evaluation details$`),
    run: (world, [stages], table) => {
      for (const stage of stages!.split(',').map((name) => name.trim())) {
        const entry = world.hookLog.find((logged) => logged.stage === stage);
        expect(entry?.details, `${stage} hook details`).toBeDefined();
        const details = entry?.details as unknown as Record<string, unknown>;
        for (const [type, key, value] of (table ?? []).slice(1)) {
          expect(details[camelCase(key!)] ?? null, `${stage}: ${key}`).toEqual(expected(type!, value!));
        }
      }
    },
  },
];

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function expected(type: string, value: string): unknown {
  if (value === 'null') return null;
  if (type === 'boolean') return value === 'true';
  if (type === 'integer' || type === 'float') return Number(value);
  return value;
}
