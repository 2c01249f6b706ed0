import type { AnalysisSettings } from '../analysis/types.js';
import type { Duration } from '../duration.js';
import type { PrometheusSourceInput, PrometheusSourceSpec } from '../sources/prometheus/types.js';

/**
 * What users write: a plain object, or the same as JSON/YAML (`parsePlan`). docs/plans.md documents
 * every field. `validatePlan` turns it into a `RolloutPlan`: defaults filled in, durations in
 * milliseconds, ramps expanded into steps.
 */
export interface PlanInput {
  /** Rollout id, unique in the store (letters, digits, `.`, `_`, `-`). @default `<flag>-<start time in base 36>` */
  id?: string;
  /** Key of the flag whose variations are the two arms. */
  flag: string;
  /** The variation serving everyone before the rollout. @default 'stable' */
  stable?: string;
  /** The variation being rolled out. @default 'canary' */
  canary?: string;
  strategy: StrategyName;
  /** `strategy: canary`: the explicit steps. */
  steps?: StepInput[];
  /** `strategy: linear`: a ramp of equal increments. */
  linear?: LinearInput;
  /** `strategy: exponential`: a ramp that multiplies the weight. */
  exponential?: ExponentialInput;
  /** `strategy: blueGreen`: an instant switch, then a post-switch analysis window. */
  blueGreen?: BlueGreenInput;
  /** How and how often the canary is judged against stable. */
  analysis?: AnalysisInput;
  /** What must hold before traffic moves. */
  gates?: GatesInput;
  /** Webhooks told of every transition (JSON with a Slack-compatible `text`). @default [] */
  notifications?: NotificationInput[];
  description?: string;
}

export type StrategyName = 'canary' | 'linear' | 'exponential' | 'blueGreen';
export type NoDataAction = 'pause' | 'rollback' | 'continue';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface StepInput {
  /** Canary share in percent, two decimals at most. @default the previous step's weight (0 for the first) */
  weight?: number;
  /** Least time at this weight before the next step. @default 0 (one passing analysis is still needed) */
  hold?: Duration;
  /** Wait for `approve()` after the hold before moving on. @default false */
  approval?: boolean;
  /** Overrides of the plan's analysis for this step, or `false` to skip analysis here. */
  analysis?: AnalysisOverrides | false;
}

export interface LinearInput {
  /** Percent added per step. */
  step: number;
  /** Hold at each step. */
  every: Duration;
  /** Highest analysed weight; the rollout then goes to 100%. @default 100 */
  max?: number;
}

export interface ExponentialInput {
  /** Percent at the first step. */
  start: number;
  /** Multiplier per step, above 1. */
  factor: number;
  /** Hold at each step. */
  every: Duration;
  /** Highest analysed weight; the rollout then goes to 100%. @default 100 */
  max?: number;
}

export interface BlueGreenInput {
  /** Post-switch analysis window. */
  window: Duration;
  /** Stable's metrics over this long before the switch are what the canary is compared with. @default window */
  baseline?: Duration;
}

/** The judge's settings (analysis/types.ts), each optional; nested objects may be given in part. */
export type AnalysisOverrides = {
  [K in keyof AnalysisSettings]?: AnalysisSettings[K] extends readonly unknown[]
    ? AnalysisSettings[K]
    : AnalysisSettings[K] extends object
      ? Partial<AnalysisSettings[K]>
      : AnalysisSettings[K];
};

export interface AnalysisInput extends AnalysisOverrides {
  /** Time between analyses; also the length of the latest-interval window. @default '1m' */
  interval?: Duration;
  /**
   * An arm whose newest metrics are older than this is stale: a verdict cannot pass until both arms
   * report again. @default the interval, at least '30s'
   */
  staleAfter?: Duration;
  /**
   * Where the arms' metrics are read: Prometheus (`{ prometheus: { url, queries, … } }`, for canaries
   * split or measured elsewhere), judged the same way. @default the store the middleware flushes to
   */
  source?: { prometheus: PrometheusSourceInput };
  /** What happens when a step cannot reach a passing verdict (no or too little data). */
  noData?: {
    /** Counted from the step's start; never cuts a hold short. @default '30m' */
    deadline?: Duration;
    /** @default 'pause' */
    action?: NoDataAction;
  };
}

export interface GatesInput {
  /** Must pass before the first step and before every weight increase. @default [] */
  healthChecks?: HealthCheckInput[];
  /** POSTed before every weight increase; each must answer 2xx. @default [] */
  webhooks?: WebhookGateInput[];
  /** Weight increases wait until the time falls in one of these. @default [] (any time) */
  windows?: DeploymentWindowInput[];
  /** No start, promotion or weight increase inside these, unless forced. @default [] */
  freezes?: FreezeInput[];
  /** Failed gate evaluations in a row that pause the rollout. @default 3 */
  maxFailures?: number;
}

export type HealthCheckFunction = () => boolean | Promise<boolean>;

export type HealthCheckInput =
  | {
      /** Must answer 2xx. */
      url: string;
      /** @default 'GET' */
      method?: 'GET' | 'HEAD';
      /** @default '5s' */
      timeout?: Duration;
      /** @default the URL */
      name?: string;
    }
  | {
      /** A function registered on the controller (`healthChecks` option) under this name, or given inline. */
      name: string;
      /** Inline function; it lives in this process only, so also register it on every controller. */
      check?: HealthCheckFunction;
    };

export interface WebhookGateInput {
  url: string;
  /** Each attempt must answer within this. @default '10s' */
  timeout?: Duration;
  /** Attempts after the first. @default 2 */
  retries?: number;
  /** Wait before the first retry; doubles per retry. @default '1s' */
  backoff?: Duration;
  headers?: Record<string, string>;
  /** @default the URL */
  name?: string;
}

export interface DeploymentWindowInput {
  /** @default every day */
  days?: Weekday[];
  /** Local time `HH:MM`. @default '00:00' */
  start?: string;
  /** Local time `HH:MM`, exclusive; at or before `start` the window runs past midnight. @default '24:00' */
  end?: string;
  /** IANA time zone. @default 'UTC' */
  timeZone?: string;
}

export interface FreezeInput {
  /** ISO date (`2025-12-20`, the start of that day) or date-time. */
  from: string;
  /** ISO date (`2026-01-02`, the whole day included) or date-time. */
  to: string;
  /** Zone of dates and date-times without an offset. @default 'UTC' */
  timeZone?: string;
  /** Said in every refusal. @default 'change freeze' */
  reason?: string;
}

export interface NotificationInput {
  url: string;
  /** Transition types to send. @default every transition */
  events?: TransitionType[];
  headers?: Record<string, string>;
  /** @default '5s' */
  timeout?: Duration;
  /** @default 2 */
  retries?: number;
  /**
   * Signs every request with HMAC-SHA256 (`x-rampkit-signature`, `x-rampkit-timestamp`) so the
   * receiver can check it with `verifyNotificationSignature`. @default none: requests are not signed
   */
  secret?: string;
}

/** Every transition a rollout makes; each is recorded, emitted and notified. */
export type TransitionType =
  | 'started'
  | 'stepStarted'
  | 'stepCompleted'
  | 'stepSkipped'
  | 'held'
  | 'awaitingApproval'
  | 'approved'
  | 'paused'
  | 'resumed'
  | 'promoted'
  | 'rolledBack'
  | 'aborted'
  | 'retried'
  | 'clockStepped';

/** A validated plan with every default filled in; what a rollout stores and runs. */
export interface RolloutPlan {
  id?: string;
  flag: string;
  stable: string;
  canary: string;
  strategy: StrategyName;
  description?: string;
  /** Always ends at weight 100. */
  steps: PlanStep[];
  analysis: {
    intervalMs: number;
    /** Plans stored before it existed lack it: read it through `staleAfterOf`. */
    staleAfterMs: number;
    noData: { deadlineMs: number; action: NoDataAction };
    /** Absent: the store's metrics. */
    source?: MetricsSourceSpec;
  };
  gates: {
    healthChecks: HealthCheckSpec[];
    webhooks: WebhookSpec[];
    windows: WindowSpec[];
    freezes: FreezeSpec[];
    maxFailures: number;
  };
  notifications: NotificationSpec[];
}

/** A validated `analysis.source`. */
export interface MetricsSourceSpec {
  prometheus: PrometheusSourceSpec;
}

export interface PlanStep {
  /** Canary share in percent while this step is in force. */
  weight: number;
  holdMs: number;
  approval: boolean;
  /** What each analysis checks at this step; null when the step is not analysed (0% or 100%
   * canary in a canary ramp, or `analysis: false`). */
  analysis: AnalysisSettings | null;
  /** Blue-green: the canary is compared with stable's metrics over this long before the switch. */
  baselineMs?: number;
}

export type HealthCheckSpec =
  | { kind: 'http'; name: string; url: string; method: 'GET' | 'HEAD'; timeoutMs: number }
  | { kind: 'function'; name: string };

export interface WebhookSpec {
  name: string;
  url: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  headers: Record<string, string>;
}

export interface WindowSpec {
  days: Weekday[];
  /** Minutes after local midnight. */
  start: number;
  /** Minutes after local midnight (exclusive); at or below `start` the window runs past midnight. */
  end: number;
  timeZone: string;
}

export interface FreezeSpec {
  /** Epoch milliseconds, inclusive. */
  from: number;
  /** Epoch milliseconds, exclusive. */
  to: number;
  reason: string;
}

export interface NotificationSpec {
  url: string;
  events: TransitionType[] | null;
  headers: Record<string, string>;
  timeoutMs: number;
  retries: number;
  /** HMAC-SHA256 key of the signature headers; absent: not signed. */
  secret?: string;
}
