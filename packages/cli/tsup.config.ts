import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // The packages it drives stay separate modules, so the CLI and an app share one copy of each.
  external: [/^@rampkit\//, 'express', 'ioredis', 'yaml'],
});
