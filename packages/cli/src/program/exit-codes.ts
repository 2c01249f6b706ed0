/**
 * What `rampkit` exits with; pipelines branch on these (docs/cli.md lists them). They are part of
 * the CLI's contract and never change meaning.
 */
export const EXIT = {
  /** Done; for `rollout run` and `status --watch`: the rollout was promoted. */
  ok: 0,
  /** The rollout was rolled back or aborted, or the command was refused (a change freeze, another
   * rollout drives the flag, nothing to approve). */
  failed: 1,
  /** Usage or configuration error: an unknown command or option, an invalid plan or flags file, an
   * unknown rollout id or flag. Nothing was changed. */
  usage: 2,
  /** The store did not answer (Redis unreachable, the flags file's folder missing). */
  unavailable: 3,
  /** `--timeout` passed before the rollout ended; the rollout goes on. */
  timeout: 4,
  /** Interrupted (Ctrl-C); the rollout goes on, driven by whichever controller takes its lease. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
