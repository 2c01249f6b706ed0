import { readFileSync } from 'node:fs';
import { COMMANDS, GLOBAL_OPTIONS } from '@rampkit/cli';
import { describe, expect, it } from 'vitest';

const reference = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

describe('docs/cli.md documents every command and option the parser knows', () => {
  it.each(COMMANDS.map((spec) => [spec.path.join(' '), spec] as const))('%s', (name, spec) => {
    expect(reference).toContain(name);
    for (const option of Object.keys(spec.options))
      expect(reference, `${name} --${option}`).toContain(`--${option}`);
  });

  it('global options', () => {
    for (const option of Object.keys(GLOBAL_OPTIONS)) expect(reference).toContain(`--${option}`);
  });
});
