import { packageConfig } from '../../tsup.package.js';

export default packageConfig(
  { index: 'src/index.ts' },
  { external: ['@rampkit/core', '@opentelemetry/api'] },
);
