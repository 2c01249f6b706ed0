import type { RampkitClient } from '../client/client.js';
import { readUnit } from '../conditions/attribute.js';
import { RampkitError } from '../errors/errors.js';
import { errorMessage } from '../errors/to-error.js';
import type { EvaluationContext } from '../model/types.js';
import type { HttpAdapter, HttpStats } from './adapter.js';
import { isAnonymousId, newAnonymousId } from './anonymous-id.js';
import { type IdCookieTemplate, idCookieTemplate, readCookie } from './cookies.js';
import type { HttpFlagsOptions } from './options.js';
import { isServerErrorStatus } from './outcome.js';
import { OverridePolicy } from './overrides.js';
import { RequestEvaluator, type RequestFlags } from './request-flags.js';
import { firstValue, type RequestHeaders } from './request-headers.js';
import { clock, RequestScope } from './request-scope.js';
import { VariationCatalog } from './variation-catalog.js';

interface IdCookie {
  name: string;
  template: IdCookieTemplate;
}

const ONE_YEAR_SECONDS = 31_536_000;
/** Room for UUIDs, e-mail addresses (at most 254) and the opaque ids of identity providers. */
const MAX_UNIT_ID_LENGTH = 256;

/**
 * The request logic both adapters share, written once: context defaults, the anonymous-id cookie,
 * QA overrides, `req.flags`, the variations header and outcome recording. An adapter maps its
 * framework onto `HttpAdapter` and calls `begin` when a request arrives and `markThrown` when its
 * handler fails; `finish` runs when the response is over, through `HttpAdapter.onResponseDone`, for
 * requests that served a tracked flag. What a request's `flags` call back into while it runs is the
 * `RequestScope` every request of this middleware shares.
 *
 * Nothing here may fail a request: anything unexpected is reported through the client's `error`
 * event (or, while nobody listens, its logger, once per distinct problem) and the request goes on
 * with defaults.
 */
export class HttpFlags<Req, Res> {
  /** Override and context-error counters, outcomes recorded. */
  readonly stats: HttpStats;
  readonly #scope: RequestScope<Req, Res>;
  readonly #contextFn: HttpFlagsOptions<Req>['context'];
  readonly #userIdHeader: string | undefined;
  readonly #maxUnitIdLength: number;
  readonly #cookie: IdCookie | undefined;
  readonly #overrides: OverridePolicy | undefined;

  /** @throws RampkitError `RAMPKIT_INVALID_ARGUMENT` for options that cannot work (see each option). */
  constructor(client: RampkitClient, adapter: HttpAdapter<Req, Res>, options: HttpFlagsOptions<Req> = {}) {
    if (typeof client?.evaluate !== 'function' || typeof client.recordAll !== 'function') {
      throw new RampkitError(
        'RAMPKIT_INVALID_ARGUMENT',
        'Rampkit middleware: `client` must be a Rampkit client (createClient)',
      );
    }
    this.#contextFn = options.context;
    this.#userIdHeader =
      options.userIdHeader === false ? undefined : (options.userIdHeader ?? 'x-user-id').toLowerCase();
    this.#maxUnitIdLength = resolveMaxUnitIdLength(options.maxUnitIdLength);
    this.#cookie = options.cookie === false ? undefined : resolveCookie(options.cookie ?? {});
    this.#overrides = options.overrides ? new OverridePolicy(options.overrides) : undefined;
    this.#scope = new RequestScope(client, adapter, {
      catalog: this.#overrides ? new VariationCatalog(client) : undefined,
      variationsHeader: resolveVariationsHeader(options.variationsHeader),
      errorStatus: options.errorStatus ?? isServerErrorStatus,
      isError: options.isError,
    });
    this.stats = this.#scope.stats;
  }

  /**
   * The request's `flags`: builds its context (setting the anonymous cookie when one is minted).
   * Without a context function, the address and user agent are left out until a flag that may read
   * them is served or the application reads `flags.context` (`completeContext`): most flags read only
   * the unit, and reading those two costs more than any other part of the context.
   */
  begin(req: Req, res: Res): RequestFlags {
    const startedAt = clock.now();
    const scope = this.#scope;
    let context: EvaluationContext = {};
    let overrides: ReadonlyMap<string, string> | undefined;
    try {
      const headers = scope.adapter.headers(req);
      context = this.#context(req, res, headers);
      if (this.#overrides !== undefined) overrides = this.#readOverrides(this.#overrides, headers, context);
    } catch (error) {
      scope.report(error);
    }
    return new RequestEvaluator(
      scope,
      context,
      this.#contextFn !== undefined,
      startedAt,
      req,
      res,
      overrides,
    );
  }

  /**
   * Records one outcome for every tracked (flag, variation) the request served: aborted when the
   * client went away first, else an error or a success, with the latency since `begin`. Only the
   * first call per request counts.
   */
  finish(flags: RequestFlags | null | undefined, status: number, aborted: boolean): void {
    this.#scope.finish(flags, status, aborted);
  }

  /** Resolves once the client is ready and, with overrides on, the variation catalog is loaded. */
  async ready(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.#scope.client.ready(options);
    await this.#scope.catalog?.settled();
  }

  /** Stops following configuration changes (the client itself stays open: the application owns it). */
  close(): void {
    this.#scope.catalog?.close();
  }

  #context(req: Req, res: Res, headers: RequestHeaders): EvaluationContext {
    let unit = this.#userIdHeader === undefined ? undefined : firstValue(headers[this.#userIdHeader]);
    // Refused, not cut short: a prefix could be another user's id.
    if (unit !== undefined && unit.length > this.#maxUnitIdLength) unit = this.#refused();
    let cookieId: string | undefined;
    if ((unit === undefined || unit.length === 0) && this.#cookie !== undefined) {
      cookieId = this.#cookieId(headers, this.#cookie.name);
      unit = cookieId;
    }
    // A literal naming its one field: `{}` reserves room for four (bench/http/README.md).
    const defaults: EvaluationContext = unit !== undefined && unit.length > 0 ? { targetingKey: unit } : {};
    let context = defaults;
    if (this.#contextFn !== undefined) {
      this.#scope.addDefaults(req, headers, defaults);
      context = this.#custom(this.#contextFn, req, defaults);
    }
    if (this.#cookie === undefined || readUnit(context, 'targetingKey') !== undefined) return context;

    // An anonymous visitor: the same id on every request keeps them in the same arm.
    let id = cookieId;
    if (id === undefined) {
      id = newAnonymousId();
      const template = this.#cookie.template;
      this.#scope.adapter.appendCookie(
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

  #custom(
    fn: NonNullable<HttpFlagsOptions<Req>['context']>,
    req: Req,
    defaults: EvaluationContext,
  ): EvaluationContext {
    try {
      const context = fn(req, { ...defaults });
      if (typeof context === 'object' && context !== null && !Array.isArray(context)) return context;
      this.stats.contextErrors += 1;
      this.#scope.report(
        new RampkitError('RAMPKIT_INVALID_ARGUMENT', 'the context function did not return an object'),
      );
    } catch (error) {
      this.stats.contextErrors += 1;
      this.#scope.report(
        new RampkitError('RAMPKIT_INVALID_ARGUMENT', `the context function threw: ${errorMessage(error)}`, {
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

  /** Whether the request came over HTTPS; false, reported, when the framework cannot say. */
  #isSecure(req: Req): boolean {
    try {
      return this.#scope.adapter.secure(req);
    } catch (error) {
      this.#scope.report(error);
      return false;
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
