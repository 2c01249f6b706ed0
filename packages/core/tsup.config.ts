import { packageConfig } from '../../tsup.package.js';

export default packageConfig({
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  'file-store': 'src/stores/file/index.ts',
  http: 'src/http/index.ts',
  stats: 'src/stats/index.ts',
  validation: 'src/validation/index.ts',
  internal: 'src/internal/index.ts',
});
