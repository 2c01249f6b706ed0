/**
 * @rampkit/cli — the `rampkit` command, and what it is built from for programs that want the same:
 * the command-line parser (to check scripts and pipelines), the file-backed store behind
 * `--store file:`, comparing and promoting flags between environments, rollout reports, the dashboard's
 * server, and the demo.
 *
 * This list is the package's contract. Held back on purpose: the command handlers, the progress
 * view and the demo's app and traffic generator (their output is for people and changes freely).
 */

export type { AccessToken } from './dashboard/security/access-token.js';
export type { Dashboard, DashboardOptions } from './dashboard/server.js';
export { startDashboard } from './dashboard/server.js';
export type { DemoOptions, DemoResult } from './demo/run-demo.js';
export { runDemo } from './demo/run-demo.js';
export type {
  DiffCounts,
  DiffSide,
  EnvironmentDiff,
  EnvironmentDifference,
  EnvironmentFieldDiff,
} from './environments/config-diff.js';
export { diffEnvironments } from './environments/config-diff.js';
export type { Environment, OwnedFlag, PromoteRequest, PromoteResult } from './environments/promote.js';
export { promoteFlags } from './environments/promote.js';
export type { PromotedItem } from './environments/promotion.js';
export type { CommandSpec, OptionSpec } from './program/command.js';
export { CliError, UsageError } from './program/errors.js';
export { EXIT, type ExitCode } from './program/exit-codes.js';
export { GLOBAL_OPTIONS } from './program/global-options.js';
export { describeError, main } from './program/main.js';
export { type CliIo, Output } from './program/output.js';
export { type OptionValues, type ParsedCommandLine, parseCommandLine } from './program/parse.js';
export { COMMANDS } from './program/registry.js';
export { findRampkitCommands, type ScriptCommand } from './program/script-commands.js';
export { type HtmlReportOptions, renderReportHtml } from './report/html-report.js';
export type { ArmInterval, ArmPoint, BuildReportOptions, ReportData } from './report/report-data.js';
export { buildReport } from './report/report-data.js';
export { FileStateStore, type FileStateStoreOptions } from './store/file-state-store.js';
export { type OpenedStore, type OpenStoreOptions, openStore } from './store/open-store.js';
export { parseStoreUrl, redactUrl, type StoreLocation } from './store/store-url.js';
