import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'file-store': 'src/stores/file/index.ts',
    http: 'src/http/index.ts',
    stats: 'src/stats/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // One copy of shared modules (errors, types) across the entry points in CJS too, so that
  // `instanceof RampkitError` holds whichever entry threw.
  splitting: true,
});
