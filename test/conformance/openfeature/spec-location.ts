import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the OpenFeature Gherkin suites are: `$RAMPKIT_OPENFEATURE_SPEC`, else
 * `../shared/conformance/openfeature-spec` beside the repository. They have no npm package and
 * are not copied into the repository.
 */
export function openFeatureSpecFolder(): string {
  const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return (
    process.env.RAMPKIT_OPENFEATURE_SPEC ?? resolve(repositoryRoot, '../shared/conformance/openfeature-spec')
  );
}

/** In CI (CI=true) or with RAMPKIT_REQUIRE_CONFORMANCE=1 a missing suite is a failure, not a skip. */
export function conformanceRequired(): boolean {
  return process.env.CI === 'true' || process.env.RAMPKIT_REQUIRE_CONFORMANCE === '1';
}

export function specAvailable(folder: string): boolean {
  return existsSync(resolve(folder, 'gherkin'));
}
