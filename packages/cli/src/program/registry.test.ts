import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandName } from './command.js';
import { COMMANDS, GROUPS, REGISTRY } from './registry.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** The modules a file's top-level imports and re-exports name; `import type` loads nothing. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)';/gm);
  return [...statements].filter((match) => match[1] === undefined).map((match) => match[2] as string);
}

/** What loading `entry` loads: this package's files (relative to src/) and the packages they name. */
function loadedBy(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    const name = relative(SRC, file);
    if (files.has(name)) return;
    files.add(name);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(join(SRC, entry));
  return { files, packages };
}

/** What a one-line command must not pay for: Express (the demo's app) and the report renderer. */
function heavy(loaded: { files: Set<string>; packages: Set<string> }): string[] {
  return [
    ...[...loaded.packages].filter((name) => name === 'express' || name === '@rampkit/express'),
    ...[...loaded.files].filter(
      (file) => file.startsWith('demo/') || /^report\/(html-report|svg-chart)/.test(file),
    ),
  ];
}

describe('the registry lists every command once, in help order', () => {
  it('one command per path, and every group word has commands', () => {
    const names = COMMANDS.map(commandName);
    expect(new Set(names).size).toBe(names.length);
    expect(REGISTRY.map((command) => command.spec)).toEqual(COMMANDS);
    for (const group of Object.keys(GROUPS))
      expect(names.some((name) => name.split(' ')[0] === group)).toBe(true);
  });
});

describe('loading the command registry loads neither Express nor the report renderer', () => {
  it('the command modules import them only inside run()', () => {
    const loaded = loadedBy('program/registry.ts');
    expect([...loaded.files].filter((file) => file.startsWith('commands/')).length).toBeGreaterThan(
      COMMANDS.length,
    );
    expect(loaded.packages).toContain('@rampkit/rollout');
    expect(heavy(loaded)).toEqual([]);
  });

  it('the check sees them where they are loaded: the package entry point, which exports the demo', () => {
    expect(heavy(loadedBy('index.ts'))).toEqual(
      expect.arrayContaining(['express', 'demo/run-demo.ts', 'report/html-report.ts']),
    );
  });
});
