import { defineConfig, type Options } from 'tsup';

/**
 * How every package builds: ESM and CommonJS for Node 20, with types and source maps. A package
 * with several entry points shares their common modules between them (`splitting`), so that each
 * module exists once per format and `instanceof` holds whichever entry point made an object.
 */
export function packageConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    splitting: Object.keys(entry).length > 1,
    ...overrides,
  });
}
