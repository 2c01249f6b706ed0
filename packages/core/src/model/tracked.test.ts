import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/client.js';
import { compileConfig } from '../evaluation/compile.js';
import { isTrackedFlag } from './tracked.js';
import type { FlagDefinition } from './types.js';
import { validateConfig } from './validate.js';

/** The shape fixtures/tracked.json documents in its `$comment`. */
interface TrackedCase {
  kind?: FlagDefinition['kind'];
  track?: boolean;
  tracked: boolean;
}

const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/tracked.json', import.meta.url), 'utf8'),
) as { cases: TrackedCase[] };

function flagOf({ kind, track }: TrackedCase): FlagDefinition {
  return {
    key: 'f',
    variations: { stable: 'v1', canary: 'v2' },
    offVariation: 'stable',
    fallthrough: { variation: 'stable' },
    ...(kind === undefined ? {} : { kind }),
    ...(track === undefined ? {} : { track }),
  };
}

const name = ({ kind, track }: { kind?: TrackedCase['kind'] | undefined; track?: boolean | undefined }) =>
  `kind ${kind ?? 'absent'}, track ${track ?? 'absent'}`;

describe('a flag is tracked when its track says so, else when it is a canary (fixtures/tracked.json)', () => {
  it('covers every kind, with track true, false and absent', () => {
    const combinations = new Set(cases.map(name));
    for (const kind of [undefined, 'flag', 'canary', 'experiment'] as const) {
      for (const track of [undefined, true, false]) {
        expect(combinations).toContain(name({ kind, track }));
      }
    }
  });

  it.each(cases.map((c) => [name(c), c] as const))('%s', (_name, c) => {
    const flag = flagOf(c);
    expect(isTrackedFlag(flag)).toBe(c.tracked);
    const config = validateConfig({ flags: [flag] });
    expect(compileConfig(config).flags.get('f')?.tracked).toBe(c.tracked);
    const client = createClient({ flags: config, metrics: false });
    expect(client.isTracked('f')).toBe(c.tracked);
    void client.close();
  });
});
