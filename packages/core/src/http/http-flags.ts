import type { RampkitClient } from '../client/client.js';
import { type RequestAccess, requestAccess } from '../client/request-access.js';
import { readUnit } from '../conditions/attribute.js';
import { RampkitError } from '../errors/errors.js';
import type { Outcome } from '../metrics/types.js';
import type { EvaluationContext } from '../model/types.js';
import type { HttpAdapter, HttpStats, ResponseDone } from './adapter.js';
import { isAnonymousId, newAnonymousId } from './anonymous-id.js';
import { type IdCookieTemplate, idCookieTemplate, readCookie } from './cookies.js';
import type { HttpFlagsOptions, OutcomeInput } from './options.js';
import { isDefaultError, isServerErrorStatus } from './outcome.js';
import { OverridePolicy } from './overrides.js';
import { type EvaluatorScope, RequestEvaluator, type RequestFlags } from './request-flags.js';
import { firstValue, type RequestHeaders } from './request-headers.js';
import { VariationCatalog } from './variation-catalog.js';

interface IdCookie {
  name: string;
  template: IdCookieTemplate;
}

const ONE_YEAR_SECONDS = 31_536_000;
/** Room for UUIDs, e-mail addresses (at most 254) and the opaque ids of identity providers. */
const MAX_UNIT_ID_LENGTH = 256;

// Read once: Node defines the global `performance` as an accessor, and a request reads the clock twice.
const clock = globalThis.performance;

/**
 * The request logic both adapters share, written once: context defaults, the anonymous-id cookie,
 * QA overrides, `req.flags`, the variations header and outcome recording. An adapter maps its
 * framework onto `HttpAdapter` and calls `begin` when a request arrives and `markThrown` when its
 * handler fails; `finish` runs when the response is over, through `HttpAdapter.onResponseDone`, for
 * requests that served a tracked flag.
 *
 * Nothing here may fail a request: anything unexpected is reported through the client's `error`
 * event (or, while nobody listens, its logger, once per distinct problem) and the request goes on
 * with defaults.
 */
export class HttpFlags<Req, Res> implements EvaluatorScope {
  readonly client: RampkitClient;
  readonly access: RequestAccess | undefined;
  readonly catalog: VariationCatalog | undefined;
  readonly announce: ((flags: RequestEvaluator) => void) | undefined;
  readonly stats: HttpStats = {
    overridesApplied: 0,
    overridesRejected: 0,
    unitIdsRefused: 0,
    contextErrors: 0,
    outcomesRecorded: 0,
  };
  readonly #adapter: HttpAdapter<Req, Res>;
  readonly #contextFn: HttpFlagsOptions<Req>['context'];
  readonly #userIdHeader: string | undefined;
  readonly #maxUnitIdLength: number;
  readonly #cookie: IdCookie | undefined;
  readonly #overrides: OverridePolicy | undefined;
  readonly #errorStatus: (status: number) => boolean;
  readonly #isError: ((outcome: OutcomeInput) => boolean) | undefined;
  /** `finish`, made once so that watching a request allocates nothing of ours. */
  readonly #done: ResponseDone;

  /** @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` for options that cannot work (see each option). */
  constructor(client: RampkitClient, adapter: HttpAdapter<Req, Res>, options: HttpFlagsOptions<Req> = {}) {
    if (typeof client?.evaluate !== 'function' || typeof client.recordAll !== 'function') {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        'Rampkit middleware: `client` must be a Rampkit client (createClient)',
      );
    }
    this.client = client;
    this.access = requestAccess(client);
    this.#adapter = adapter;
    this.#contextFn = options.context;
    this.#userIdHeader =
      options.userIdHeader === false ? undefined : (options.userIdHeader ?? 'x-user-id').toLowerCase();
    this.#maxUnitIdLength = resolveMaxUnitIdLength(options.maxUnitIdLength);
    this.#cookie = options.cookie === false ? undefined : resolveCookie(options.cookie ?? {});
    this.#overrides = options.overrides ? new OverridePolicy(options.overrides) : undefined;
    this.catalog = this.#overrides ? new VariationCatalog(client) : undefined;
    this.#errorStatus = options.errorStatus ?? isServerErrorStatus;
    this.#isError = options.isError;
    const header = resolveVariationsHeader(options.variationsHeader);
    this.announce = header ? (flags) => this.#setVariationsHeader(header, flags) : undefined;
    this.#done = (flags, status, aborted) => this.finish(flags, status, aborted);
  }

  /**
   * The request's `flags`: builds its context (setting the anonymous cookie when one is minted).
   * Without a context function, the address and user agent are left out until a flag that may read
   * them is served or the application reads `flags.context` (`completeContext`): most flags read only
   * the unit, and reading those two costs more than any other part of the context.
   */
  begin(req: Req, res: Res): RequestFlags {
    const startedAt = clock.now();
    let context: EvaluationContext = {};
    let overrides: ReadonlyMap<string, string> | undefined;
    try {
      const headers = this.#adapter.headers(req);
      context = this.#context(req, res, headers);
      if (this.#overrides !== undefined) overrides = this.#readOverrides(this.#overrides, headers, context);
    } catch (error) {
      this.#report(error);
    }
    return new RequestEvaluator(this, context, this.#contextFn !== undefined, startedAt, req, res, overrides);
  }

  completeContext(request: unknown, context: EvaluationContext): void {
    try {
      this.#addDefaults(request as Req, this.#adapter.headers(request as Req), context);
    } catch (error) {
      this.#report(error);
    }
  }

  /** Called by `flags` when it serves its first tracked flag: asks the adapter for the request's end. */
  watch(flags: RequestEvaluator): void {
    try {
      this.#adapter.onResponseDone(flags.response as Res, flags, this.#done);
    } catch (error) {
      this.#report(error);
    }
  }

  /**
   * Records one outcome for every tracked (flag, variation) the request served: aborted when the
   * client went away first, else an error or a success, with the latency since `begin`. Only the
   * first call per request counts.
   */
  finish(flags: RequestFlags | null | undefined, status: number, aborted: boolean): void {
    const evaluator = flags as RequestEvaluator | null | undefined;
    if (evaluator === null || evaluator === undefined || evaluator.finished !== false) return;
    evaluator.finished = true;
    const tracked = evaluator.tracked;
    if (tracked === undefined || tracked.length === 0) return;
    try {
      const latencyMs = clock.now() - evaluator.startedAt;
      const outcome: Outcome = aborted
        ? { aborted: true, latencyMs }
        : { error: this.#classify(status, evaluator), latencyMs };
      this.client.recordAll(tracked, outcome);
      this.stats.outcomesRecorded += tracked.length / 2;
    } catch (error) {
      this.#report(error);
    }
  }

  /** Resolves once the client is ready and, with overrides on, the variation catalog is loaded. */
  async ready(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.client.ready(options);
    await this.catalog?.settled();
  }

  /** Stops following configuration changes (the client itself stays open: the application owns it). */
  close(): void {
    this.catalog?.close();
  }

  #context(req: Req, res: Res, headers: RequestHeaders): EvaluationContext {
    const adapter = this.#adapter;
    let unit = this.#userIdHeader === undefined ? undefined : firstValue(headers[this.#userIdHeader]);
    // Refused, not cut short: a prefix could be another user's id.
    if (unit !== undefined && unit.length > this.#maxUnitIdLength) unit = this.#refused();
    let cookieId: string | undefined;
    if ((unit === undefined || unit.length === 0) && this.#cookie !== undefined) {
      cookieId = this.#cookieId(headers, this.#cookie.name);
      unit = cookieId;
    }
    const defaults: EvaluationContext = {};
    if (unit !== undefined && unit.length > 0) defaults.targetingKey = unit;
    let context = defaults;
    if (this.#contextFn !== undefined) {
      this.#addDefaults(req, headers, defaults);
      context = this.#custom(this.#contextFn, req, defaults);
    }
    if (this.#cookie === undefined || readUnit(context, 'targetingKey') !== undefined) return context;

    // An anonymous visitor: the same id on every request keeps them in the same arm.
    let id = cookieId;
    if (id === undefined) {
      id = newAnonymousId();
      const template = this.#cookie.template;
      adapter.appendCookie(
        res,
        template.before + id + (this.#isSecure(req) ? template.afterSecure : template.after),
      );
    }
    if (context === defaults) {
      defaults.targetingKey = id;
      return defaults;
    }
    return { ...context, targetingKey: id };
  }

  // Apart from `#context`, which is inlined into `begin`: inside it they stopped the evaluator's
  // field initialisers being inlined (bench/http/README.md).

  /** Counts a unit id the client sent and Rampkit refused; undefined, the id the request goes on with. */
  #refused(): undefined {
    this.stats.unitIdsRefused += 1;
    return undefined;
  }

  /** The anonymous id in the request's cookie; undefined (counted when there was a value) if not ours. */
  #cookieId(headers: RequestHeaders, name: string): string | undefined {
    const value = readCookie(firstValue(headers.cookie), name);
    if (isAnonymousId(value)) return value;
    if (value !== undefined) this.#refused();
    return undefined;
  }

  /** The defaults beside the unit: the remote address (as the framework sees it) and the user agent. */
  #addDefaults(req: Req, headers: RequestHeaders, context: EvaluationContext): void {
    const ip = this.#adapter.remoteAddress(req, headers);
    if (ip !== undefined) context.ip = ip;
    const userAgent = firstValue(headers['user-agent']);
    if (userAgent !== undefined) context.userAgent = userAgent;
  }

  #custom(
    fn: NonNullable<HttpFlagsOptions<Req>['context']>,
    req: Req,
    defaults: EvaluationContext,
  ): EvaluationContext {
    try {
      const context = fn(req, { ...defaults });
      if (typeof context === 'object' && context !== null && !Array.isArray(context)) return context;
      this.stats.contextErrors += 1;
      this.#report(
        new RampkitError('RAMPKIT_INVALID_ARGUMENT', 'the context function did not return an object'),
      );
    } catch (error) {
      this.stats.contextErrors += 1;
      this.#report(
        new RampkitError('RAMPKIT_INVALID_ARGUMENT', `the context function threw: ${message(error)}`, {
          cause: error,
        }),
      );
    }
    return defaults;
  }

  #readOverrides(
    policy: OverridePolicy,
    headers: RequestHeaders,
    context: EvaluationContext,
  ): ReadonlyMap<string, string> | undefined {
    let value = firstValue(headers[policy.header]);
    if ((value === undefined || value.length === 0) && policy.cookie !== undefined) {
      value = readCookie(firstValue(headers.cookie), policy.cookie);
    }
    if (value === undefined || value.length === 0) return undefined;
    const check = policy.check(value, readUnit(context, 'targetingKey'), Date.now());
    if (!check.ok) {
      this.stats.overridesRejected += 1;
      return undefined;
    }
    this.stats.overridesApplied += 1;
    return check.flags;
  }

  #classify(status: number, evaluator: RequestEvaluator): boolean {
    try {
      return this.#isError === undefined
        ? isDefaultError(this.#errorStatus, status, evaluator.threw, evaluator.thrown)
        : this.#isError({ status, threw: evaluator.threw, error: evaluator.thrown });
    } catch (error) {
      this.#report(error);
      return evaluator.threw || isServerErrorStatus(status);
    }
  }

  #setVariationsHeader(name: string, flags: RequestEvaluator): void {
    try {
      this.#adapter.setHeader(flags.response as Res, name, flags.servedPairs().join(', '));
    } catch (error) {
      this.#report(error);
    }
  }

  /** Whether the request came over HTTPS; false, reported, when the framework cannot say. */
  #isSecure(req: Req): boolean {
    try {
      return this.#adapter.secure(req);
    } catch (error) {
      this.#report(error);
      return false;
    }
  }

  /** The client's `error` event, or its logger when nobody listens (see `RequestAccess.report`). */
  #report(error: unknown): void {
    try {
      if (this.access !== undefined) {
        this.access.report(error);
      } else if (this.client.listenerCount('error') > 0) {
        this.client.emit('error', error instanceof Error ? error : new Error(String(error)));
      }
    } catch {
      // A throwing error listener must not turn a reported problem into a failed request.
    }
  }
}

function resolveMaxUnitIdLength(option: number | undefined): number {
  const length = option ?? MAX_UNIT_ID_LENGTH;
  if (!Number.isInteger(length) || length <= 0) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `maxUnitIdLength must be a positive whole number of characters, got ${String(length)}`,
    );
  }
  return length;
}

/** RFC 9110's token: the characters a header name (and a cookie name) may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The variations header's name, or undefined when it is off; checked here so no request fails on it. */
function resolveVariationsHeader(option: boolean | string | undefined): string | undefined {
  if (option === undefined || option === false) return undefined;
  const name = option === true ? 'x-rampkit-variations' : option;
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `variationsHeader: ${JSON.stringify(name)} is not a valid header name`,
    );
  }
  return name;
}

function resolveCookie(options: {
  name?: string;
  maxAge?: number;
  path?: string;
  domain?: string;
}): IdCookie {
  const name = options.name ?? 'rampkit_id';
  if (!TOKEN.test(name)) {
    throw new RampkitError('RAMPKIT_INVALID_ARGUMENT', `cookie.name "${name}" is not a valid cookie name`);
  }
  const maxAge = options.maxAge ?? ONE_YEAR_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge <= 0) {
    throw new RampkitError(
      'RAMPKIT_INVALID_ARGUMENT',
      `cookie.maxAge must be a positive whole number of seconds, got ${maxAge}`,
    );
  }
  return {
    name,
    template: idCookieTemplate(name, { maxAge, path: options.path ?? '/', domain: options.domain }),
  };
}

function message(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}
