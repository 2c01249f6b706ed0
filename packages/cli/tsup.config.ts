import { packageConfig } from '../../tsup.package.js';

export default packageConfig(
  { index: 'src/index.ts', bin: 'src/bin.ts' },
  {
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    // The packages it drives stay separate modules, so the CLI and an app share one copy of each.
    external: [/^@rampkit\//, /^@fastify\//, 'express', 'fastify', 'ioredis', 'prom-client', 'yaml'],
    // The dashboard's browser bundle, into dist/dashboard/ after the clean build of dist/.
    onSuccess: 'node scripts/build-dashboard.mjs',
  },
);
