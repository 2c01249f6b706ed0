/**
 * OpenFeature's Gherkin suites (evaluation_v2, contextMerging, hooks, metadata) run against the
 * Rampkit provider through @openfeature/server-sdk, with test-flags.json expressed as Rampkit flags.
 * The suites come from ../shared/conformance/openfeature-spec (or $RAMPKIT_OPENFEATURE_SPEC); where
 * they are absent the suite is skipped loudly, except in CI where it fails.
 */
import { resolve } from 'node:path';
import { describe, it } from 'vitest';
import { AsyncLocalStorageTransactionContextPropagator, OpenFeature } from './deps.js';
import { runFeature } from './gherkin-runner.js';
import { conformanceRequired, openFeatureSpecFolder, specAvailable } from './spec-location.js';
import { contextMergingSteps } from './steps-context-merging.js';
import { evaluationSteps } from './steps-evaluation.js';
import { hookSteps } from './steps-hooks.js';
import { translateTestFlags } from './test-flags.js';
import { OpenFeatureWorld } from './world.js';

const FEATURES = ['evaluation_v2.feature', 'contextMerging.feature', 'hooks.feature', 'metadata.feature'];

/** Scenarios whose steps ask for something a provider cannot honestly give, and why. */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'CACHED reason':
    'Rampkit evaluates every call in-process against the configuration in force; there is no cache between calls, so reporting CACHED would misstate why a value was served',
};

const folder = openFeatureSpecFolder();

if (!specAvailable(folder)) {
  const message = `OpenFeature Gherkin suites not found at ${folder} (set RAMPKIT_OPENFEATURE_SPEC)`;
  if (conformanceRequired()) {
    describe('OpenFeature conformance', () => {
      it('needs the OpenFeature Gherkin suites', () => {
        throw new Error(`${message}; they are required in CI`);
      });
    });
  } else {
    console.warn(`\n!!! SKIPPED: ${message}\n`);
    describe.skip(`OpenFeature conformance (skipped: ${message})`, () => {
      it('needs the OpenFeature Gherkin suites', () => {});
    });
  }
} else {
  OpenFeature.setTransactionContextPropagator(new AsyncLocalStorageTransactionContextPropagator());
  const flags = translateTestFlags(resolve(folder, 'gherkin/test-flags.json'));
  const steps = [...evaluationSteps, ...hookSteps, ...contextMergingSteps];
  for (const feature of FEATURES) {
    runFeature({
      path: resolve(folder, 'gherkin', feature),
      steps,
      world: () => new OpenFeatureWorld(flags),
      cleanup: (world) => world.cleanup(),
      notApplicable: NOT_APPLICABLE,
    });
  }
}
