/**
 * Every `rampkit` command: its arguments, options, help text and examples. This table is all the
 * parser knows, so a command line can be checked (CI files are, in tests) without running anything.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help as `--name <placeholder>`. */
  placeholder?: string;
  description: string;
}

export interface CommandSpec {
  /** `['rollout', 'run']` */
  path: readonly string[];
  /** `<plan>`, `[id]`: shown in usage, counted by the parser. */
  args: readonly string[];
  summary: string;
  /** Paragraphs after the usage line. */
  details?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Whether the command talks to a store: always, only when given one, or never. */
  store: 'required' | 'optional' | 'none';
  examples: readonly string[];
}

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  store: {
    type: 'string',
    placeholder: 'url',
    description:
      'where flags and rollouts live: redis://…, rediss://… or file:flags.json (default: $RAMPKIT_STORE)',
  },
  prefix: {
    type: 'string',
    placeholder: 'prefix',
    description: "Redis key prefix, one per environment (default: $RAMPKIT_PREFIX or 'rampkit:')",
  },
  'store-timeout': {
    type: 'string',
    placeholder: 'duration',
    description: 'longest wait for the store to answer, e.g. 3s (default: 3s)',
  },
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};

const by: Record<string, OptionSpec> = {
  by: {
    type: 'string',
    placeholder: 'name',
    description: 'who is acting, recorded in the history (default: cli:$USER)',
  },
};
const reason: Record<string, OptionSpec> = {
  reason: {
    type: 'string',
    placeholder: 'text',
    description: 'why, recorded in the history and notifications',
  },
};
const force: Record<string, OptionSpec> = {
  force: { type: 'boolean', description: 'act even inside a change freeze (recorded in the history)' },
};
const store = '--store redis://127.0.0.1:6379';

export const COMMANDS: readonly CommandSpec[] = [
  {
    path: ['flags', 'list'],
    args: [],
    summary: 'list the flags in the store',
    options: {},
    store: 'required',
    examples: [`rampkit flags list ${store}`, 'RAMPKIT_STORE=file:flags.json rampkit flags list --json'],
  },
  {
    path: ['flags', 'get'],
    args: ['<key>'],
    summary: "print one flag's definition (YAML; JSON with --json)",
    options: {},
    store: 'required',
    examples: ['rampkit flags get checkout --store file:flags.json', 'rampkit flags get checkout --json'],
  },
  {
    path: ['flags', 'set'],
    args: ['[file]'],
    summary: 'add or replace flags from a JSON/YAML file (- for stdin) or --inline text',
    details:
      'The input is a whole configuration ({ flags: [...], segments: [...] }), one flag definition, or a\n' +
      'list of them. Flags and segments are added or replaced by key; the others stay, unless --replace.\n' +
      'The result is validated as a whole before anything is written.',
    options: {
      inline: {
        type: 'string',
        placeholder: 'json|yaml',
        description: 'the flags as text instead of a file',
      },
      replace: { type: 'boolean', description: 'replace the whole configuration with the input' },
      'dry-run': { type: 'boolean', description: 'validate and show what would change, write nothing' },
    },
    store: 'required',
    examples: [
      'rampkit flags set flags.yaml --store redis://127.0.0.1:6379',
      `rampkit flags set --inline '{"key":"new-ui","variations":{"on":true,"off":false},"offVariation":"off","fallthrough":{"variation":"off"}}'`,
      'cat flags.json | rampkit flags set - --replace --dry-run',
    ],
  },
  {
    path: ['flags', 'enable'],
    args: ['<key>'],
    summary: 'turn a flag on (its rules and fallthrough serve again)',
    options: {},
    store: 'required',
    examples: ['rampkit flags enable new-ui --store file:flags.json'],
  },
  {
    path: ['flags', 'disable'],
    args: ['<key>'],
    summary: 'kill switch: every unit gets the off variation',
    options: {},
    store: 'required',
    examples: ['rampkit flags disable new-ui --store redis://127.0.0.1:6379'],
  },
  {
    path: ['flags', 'validate'],
    args: ['[file]'],
    summary: "validate a flags file, or the store's configuration when no file is given",
    details: 'Exits 0 when valid and 2 when not, naming the JSON path of every problem.',
    options: {},
    store: 'optional',
    examples: ['rampkit flags validate flags.yaml', 'rampkit flags validate --store file:flags.json --json'],
  },
  {
    path: ['rollout', 'start'],
    args: ['<plan>'],
    summary: 'start a rollout from a JSON/YAML plan; a controller elsewhere drives it',
    details:
      'Checks the plan and that it fits the flag, applies the first step, and returns. Something must\n' +
      'drive the rollout on: a controller in your app, or `rampkit rollout run` (which also starts).',
    options: {
      id: {
        type: 'string',
        placeholder: 'id',
        description: "rollout id, overriding the plan's (e.g. checkout-$GIT_SHA)",
      },
      ...force,
      ...by,
    },
    store: 'required',
    examples: ['rampkit rollout start plans/checkout.yaml --id checkout-v2 --store redis://127.0.0.1:6379'],
  },
  {
    path: ['rollout', 'run'],
    args: ['<plan>'],
    summary: 'start (or attach to) a rollout, drive it, show progress, exit with its outcome',
    details:
      'Starts the plan, or attaches to the rollout with the same id (or the live rollout of the same flag\n' +
      'with the same steps). This process drives the rollout unless another controller holds its lease,\n' +
      'and waits: exit 0 when promoted, 1 when rolled back or aborted, 2 on a usage or configuration\n' +
      'error, 3 when the store is unreachable, 4 when --timeout passes first.',
    options: {
      wait: {
        type: 'boolean',
        description: 'wait for the rollout to end (the default; for readable pipelines)',
      },
      id: {
        type: 'string',
        placeholder: 'id',
        description: "rollout id, overriding the plan's (e.g. checkout-$GIT_SHA)",
      },
      timeout: {
        type: 'string',
        placeholder: 'duration',
        description: 'stop waiting after this long (exit 4), e.g. 45m',
      },
      'poll-interval': {
        type: 'string',
        placeholder: 'duration',
        description: 'how often the controller looks at the rollout (default: 5s)',
      },
      ...force,
      ...by,
    },
    store: 'required',
    examples: [
      'rampkit rollout run plans/checkout.yaml --wait --store "$RAMPKIT_STORE"',
      'rampkit rollout run plans/checkout.yaml --wait --id "checkout-$CI_COMMIT_SHA" --timeout 45m',
    ],
  },
  {
    path: ['rollout', 'status'],
    args: ['[id]'],
    summary: 'show where a rollout is and why (all live rollouts without an id)',
    details: 'With --watch, follows it until it ends and exits like `rollout run` (it does not drive it).',
    options: {
      watch: { type: 'boolean', short: 'w', description: 'follow live progress until the rollout ends' },
      timeout: {
        type: 'string',
        placeholder: 'duration',
        description: 'with --watch: stop after this long (exit 4)',
      },
    },
    store: 'required',
    examples: [
      'rampkit rollout status checkout-v2',
      'rampkit rollout status checkout-v2 --watch',
      'rampkit rollout status --json',
    ],
  },
  {
    path: ['rollout', 'list'],
    args: [],
    summary: 'list rollouts, oldest first',
    options: { active: { type: 'boolean', description: 'only rollouts still progressing or paused' } },
    store: 'required',
    examples: ['rampkit rollout list --active', 'rampkit rollout list --json'],
  },
  {
    path: ['rollout', 'pause'],
    args: ['<id>'],
    summary: 'stop progress (analysis goes on: a failing canary is still rolled back)',
    options: { ...reason, ...by },
    store: 'required',
    examples: ['rampkit rollout pause checkout-v2 --reason "investigating latency"'],
  },
  {
    path: ['rollout', 'resume'],
    args: ['<id>'],
    summary: 'let a paused rollout go on',
    options: { ...by },
    store: 'required',
    examples: ['rampkit rollout resume checkout-v2'],
  },
  {
    path: ['rollout', 'promote'],
    args: ['<id>'],
    summary: 'end the current step now; with --full go straight to 100%',
    options: {
      full: { type: 'boolean', description: 'promote to 100% at once (gates still run)' },
      ...force,
      ...by,
    },
    store: 'required',
    examples: ['rampkit rollout promote checkout-v2', 'rampkit rollout promote checkout-v2 --full'],
  },
  {
    path: ['rollout', 'approve'],
    args: ['<id>'],
    summary: 'let a step that waits for approval move on',
    options: { ...by },
    store: 'required',
    examples: ['rampkit rollout approve checkout-v2 --by alice'],
  },
  {
    path: ['rollout', 'skip-step'],
    args: ['<id>'],
    summary: 'leave the next step out of the path',
    options: { ...by },
    store: 'required',
    examples: ['rampkit rollout skip-step checkout-v2'],
  },
  {
    path: ['rollout', 'abort'],
    args: ['<id>'],
    summary: 'end the rollout with stable serving everyone (it can be retried)',
    options: { ...reason, ...by },
    store: 'required',
    examples: ['rampkit rollout abort checkout-v2 --reason "wrong build"'],
  },
  {
    path: ['rollout', 'rollback'],
    args: ['<id>'],
    summary: 'stable to 100% at once, skipping analysis (also undoes a promoted rollout)',
    options: { ...reason, ...by },
    store: 'required',
    examples: ['rampkit rollout rollback checkout-v2 --reason "smoke tests failed"'],
  },
  {
    path: ['rollout', 'retry'],
    args: ['<id>'],
    summary: 'start a rolled-back or aborted rollout again from its first step',
    options: { ...force, ...by },
    store: 'required',
    examples: ['rampkit rollout retry checkout-v2'],
  },
  {
    path: ['rollout', 'history'],
    args: ['<id>'],
    summary: 'every transition, verdict and gate of a rollout, in order',
    options: {},
    store: 'required',
    examples: [
      'rampkit rollout history checkout-v2',
      'rampkit rollout history checkout-v2 --json | jq ".[].kind"',
    ],
  },
  {
    path: ['rollout', 'validate'],
    args: ['<plan>'],
    summary: 'check a plan file; with --store also that it fits its flag',
    details: 'Exits 0 when valid and 2 when not, naming the path of every problem.',
    options: {},
    store: 'optional',
    examples: [
      'rampkit rollout validate plans/checkout.yaml',
      'rampkit rollout validate plans/checkout.yaml --store file:flags.json',
    ],
  },
  {
    path: ['report'],
    args: ['<id>'],
    summary: "a rollout's report: an HTML page with SVG charts, or JSON",
    details:
      "Charts the canary weight, each arm's error rate, latency and traffic over time, with every verdict.\n" +
      'The page is self-contained (no scripts, no network). Without -o it goes to stdout.',
    options: {
      output: { type: 'string', short: 'o', placeholder: 'file', description: 'write to this file' },
      format: { type: 'string', placeholder: 'html|json', description: 'html (default) or json' },
    },
    store: 'required',
    examples: [
      'rampkit report checkout-v2 -o checkout-v2.html',
      'rampkit report checkout-v2 --format json > report.json',
    ],
  },
  {
    path: ['demo'],
    args: [],
    summary: 'the whole story in one process: an app, traffic, a promoted and a rolled-back canary',
    details:
      'Starts an Express app on 127.0.0.1 with Rampkit middleware, sends it traffic from many users, and\n' +
      'runs two rollouts with time-compressed holds: a healthy canary ramped 5 → 25 → 50 → 100, then a\n' +
      'broken one the controller rolls back on its own. Ends with a summary and an HTML report.\n' +
      'Needs nothing else (an in-memory store); --redis runs the same against Redis.',
    options: {
      redis: {
        type: 'string',
        placeholder: 'url',
        description: 'use this Redis instead of memory (keys under a private prefix, removed after)',
      },
      'time-scale': {
        type: 'string',
        placeholder: 'n',
        description: 'simulated seconds per real second (default: 10; the demo takes about a minute)',
      },
      fast: { type: 'boolean', description: 'time scale 60: the demo takes about 20 seconds' },
      rps: {
        type: 'string',
        placeholder: 'n',
        description: 'requests per second of the traffic generator (default: 400)',
      },
      users: {
        type: 'string',
        placeholder: 'n',
        description: 'distinct users sending traffic (default: 5000)',
      },
      output: {
        type: 'string',
        short: 'o',
        placeholder: 'file',
        description: 'report file (default: rampkit-demo-report.html)',
      },
    },
    store: 'none',
    examples: [
      'rampkit demo',
      'rampkit demo --redis redis://127.0.0.1:6379',
      'rampkit demo --fast -o /tmp/report.html',
    ],
  },
];

/** The top-level words: command groups and single commands. */
export const GROUPS: Readonly<Record<string, string>> = {
  flags: 'read and change flags',
  rollout: 'start, watch and steer rollouts',
  report: "write a rollout's HTML or JSON report",
  demo: 'run the one-command demo',
};

export function commandName(spec: CommandSpec): string {
  return spec.path.join(' ');
}
