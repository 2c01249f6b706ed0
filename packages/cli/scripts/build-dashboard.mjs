// Builds the dashboard's browser bundle into dist/dashboard/ (served as /assets/ by
// `rampkit dashboard`): one ES module (htmx, its SSE extension, uPlot and our code) and one
// stylesheet (uPlot's, then ours). test/cli/dashboard-bundle.test.ts holds the first load under 150 KB.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist', 'dashboard');
const require = createRequire(import.meta.url);

await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src/dashboard/client/main.ts')],
  outfile: join(out, 'dashboard.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const uplotCss = await readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
const ours = await readFile(join(root, 'src/dashboard/client/dashboard.css'), 'utf8');
await writeFile(join(out, 'dashboard.css'), `${uplotCss}\n${ours}`);
