/**
 * The exact command lines a runbook tells people to type. The store and its prefix come from
 * `RAMPKIT_STORE` and `RAMPKIT_PREFIX` (the runbook says how to set them), so no URL, and no
 * password, is ever written into a runbook. test/cli/runbook.test.ts parses every one of them with
 * the CLI's own parser.
 */
export interface RunbookCommands {
  validate: string;
  run: string;
  start: string;
  status: string;
  watch: string;
  history: string;
  report: string;
  list: string;
  pause: string;
  resume: string;
  approve: string;
  promote: string;
  promoteFull: string;
  promoteForced: string;
  skipStep: string;
  rollback: string;
  abort: string;
  retry: string;
  controller: string;
  flag: string;
}

/**
 * @param plan the plan's path as given to `rollout runbook`
 * @param id the rollout id; undefined: `"$ROLLOUT_ID"`, which the runbook asks to set
 */
export function runbookCommands(plan: string, flag: string, id: string | undefined): RunbookCommands {
  const rollout = id === undefined ? '"$ROLLOUT_ID"' : shellWord(id);
  const file = shellWord(plan);
  return {
    validate: `rampkit rollout validate ${file}`,
    run: `rampkit rollout run ${file} --id ${rollout} --wait`,
    start: `rampkit rollout start ${file} --id ${rollout}`,
    status: `rampkit rollout status ${rollout}`,
    watch: `rampkit rollout status ${rollout} --watch`,
    history: `rampkit rollout history ${rollout}`,
    report: `rampkit report ${rollout} -o rollout-report.html`,
    list: 'rampkit rollout list',
    pause: `rampkit rollout pause ${rollout} --reason "<why>" --by "<you>"`,
    resume: `rampkit rollout resume ${rollout} --by "<you>"`,
    approve: `rampkit rollout approve ${rollout} --by "<you>"`,
    promote: `rampkit rollout promote ${rollout} --by "<you>"`,
    promoteFull: `rampkit rollout promote ${rollout} --full --by "<you>"`,
    promoteForced: `rampkit rollout promote ${rollout} --force --by "<you>"`,
    skipStep: `rampkit rollout skip-step ${rollout} --by "<you>"`,
    rollback: `rampkit rollout rollback ${rollout} --reason "<why>" --by "<you>"`,
    abort: `rampkit rollout abort ${rollout} --reason "<why>" --by "<you>"`,
    retry: `rampkit rollout retry ${rollout} --by "<you>"`,
    controller: 'rampkit controller',
    flag: `rampkit flags get ${shellWord(flag)}`,
  };
}

/** A word the shell reads back unchanged: as is when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
