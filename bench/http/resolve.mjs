/**
 * Loads a package for the HTTP benchmark. bench/package.json does not (yet) list express, fastify,
 * autocannon or the adapters, so a name that does not resolve from bench/ is looked up from the
 * workspace package that depends on it: the examples (which depend on the adapters and their
 * frameworks) and @rampkit/fastify (whose dev dependencies include autocannon).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FALLBACKS = ['examples/express-canary', 'examples/fastify-ab', 'packages/fastify', 'packages/express'];

export function resolvePackage(name) {
  for (const from of ['bench', ...FALLBACKS]) {
    try {
      return createRequire(join(root, from, 'package.json')).resolve(name);
    } catch {
      // Not installed for this workspace package: try the next.
    }
  }
  throw new Error(`cannot resolve ${name}: run \`pnpm install\` and \`pnpm build\` at the repository root`);
}

/** The module's default export when it is CommonJS, else its namespace. */
export async function load(name) {
  const module = await import(pathToFileURL(resolvePackage(name)).href);
  return module.default ?? module;
}

/** The ES module namespace (for packages with named exports). */
export function loadNamespace(name) {
  return import(pathToFileURL(resolvePackage(name)).href);
}
