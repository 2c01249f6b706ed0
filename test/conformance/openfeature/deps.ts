/**
 * test/ is not a workspace package: the OpenFeature suites reach the SDK and the Gherkin parser
 * through @rampkit/openfeature's own dependencies, so that the provider under test and these steps
 * share one copy of the SDK (one event emitter class, one set of error classes).
 */

export {
  AstBuilder,
  compile,
  GherkinClassicTokenMatcher,
  Parser,
} from '@cucumber/gherkin';
export {
  IdGenerator,
  type Pickle,
  type PickleStep,
} from '@cucumber/messages';
export * from '@openfeature/server-sdk';
