import {
  type AuditInfo,
  type ConfigStore,
  type DocumentStore,
  diffConfigs,
  type FlagChange,
  isConflictError,
  UNBOUNDED_DIFF,
} from '@rampkit/core';
import { type FlagOwner, flagOwner } from '@rampkit/rollout';
import { CliError } from '../program/errors.js';
import { EXIT } from '../program/exit-codes.js';
import { type PromotedItem, planPromotion } from './promotion.js';

/** One environment: its store and how it is printed (without a password). */
export interface Environment {
  store: ConfigStore & Partial<DocumentStore>;
  name: string;
}

export interface PromoteRequest {
  source: Environment;
  /** The target's rollouts are read from its documents: which flag a live rollout owns. */
  target: { store: ConfigStore & DocumentStore; name: string };
  keys: readonly string[];
  /** Check and show everything, write nothing. */
  dryRun: boolean;
  /** Overwrite flags that live rollouts own in the target (the caller insists on a reason). */
  force: boolean;
  /** Who and why, for the target's audit log; the source and its version are added to the reason. */
  audit: Pick<AuditInfo, 'actor' | 'reason'>;
  now: () => number;
  /** Told about what is allowed but worth knowing (a flag copied mid-rollout). */
  warn: (message: string) => void;
}

export interface OwnedFlag extends FlagOwner {
  flag: string;
}

export interface PromoteResult {
  from: { store: string; version: number | null };
  /** The target, and its version before the promotion. */
  to: { store: string; version: number | null };
  dryRun: boolean;
  /** The target's version after the promotion (the same when nothing was written). */
  version: number | null;
  /** The audit entry written, when the store keeps an audit log. */
  auditId?: string;
  flags: PromotedItem[];
  segments: PromotedItem[];
  /** The target before → after, field by field (its audit entry records the same). */
  changes: FlagChange[];
  /** Flags owned by live rollouts in the target that the promotion overwrites (`--force`) or would. */
  owned: OwnedFlag[];
  /** Dry run only: why the promotion itself would be refused. */
  refusal?: string;
}

/**
 * `rampkit flags promote`: copies flags (and the segments they use) from one environment to
 * another in one compare-and-set write of the target's whole configuration, validated first.
 *
 * 1. Read the source and the target.
 * 2. Build and validate the target's next configuration (`planPromotion`).
 * 3. Refuse when a flag that would change is owned by a live rollout in the target, unless forced.
 * 4. Write it, expecting the version read in 1. A write that lands in between (a controller's step,
 *    another promotion) is a conflict: nothing is written and the caller is told to look again, not
 *    retried, because what was reviewed (a dry run, a diff) no longer describes the target.
 *
 * @throws CliError RAMPKIT_FLAG_NOT_FOUND (exit 2), RAMPKIT_ROLLOUT_ACTIVE (exit 1), RAMPKIT_CONFLICT (exit 1)
 * @throws InvalidConfigError with every issue's path when the result would be invalid
 */
export async function promoteFlags(request: PromoteRequest): Promise<PromoteResult> {
  const { source, target, keys, dryRun, force } = request;
  const [from, to] = await Promise.all([source.store.loadConfig(), target.store.loadConfig()]);
  const promotion = planPromotion(from?.config, to?.config, keys, {
    source: source.name,
    target: target.name,
  });
  const changing = promotion.flags.filter((item) => item.change !== 'unchanged').map((item) => item.key);
  const now = request.now();
  const owned = await owners(target.store, changing, now);
  const promoted = promotion.flags.map((item) => item.key);
  for (const flag of await owners(source.store, promoted, now)) {
    request.warn(
      `flag ${flag.flag} is under rollout ${flag.rolloutId} (${flag.status}) in ${source.name}: its definition is copied as it is now, split included`,
    );
  }
  const result: PromoteResult = {
    from: { store: source.name, version: from?.version ?? null },
    to: { store: target.name, version: to?.version ?? null },
    dryRun,
    version: to?.version ?? null,
    flags: promotion.flags,
    segments: promotion.segments,
    changes: diffConfigs(to?.config, promotion.config, UNBOUNDED_DIFF).changes,
    owned,
  };
  if (owned.length > 0 && !force) {
    const refusal = `${owned.map(describeOwned).join('; ')} in ${target.name}: promoting would overwrite what the rollout controls; finish, abort or roll it back first, or pass --force --reason "…"`;
    if (dryRun) return { ...result, refusal };
    throw new CliError(refusal, EXIT.failed, 'RAMPKIT_ROLLOUT_ACTIVE');
  }
  if (dryRun || result.changes.length === 0) return result;
  const audit: AuditInfo = {
    action: owned.length > 0 ? 'flags.promote.forced' : 'flags.promote',
    reason: reasonOf(request.audit.reason, source.name, from?.version ?? null, owned),
  };
  if (request.audit.actor !== undefined) audit.actor = request.audit.actor;
  try {
    const written = await target.store.writeConfig(promotion.config, {
      expectedVersion: to?.version ?? 0,
      audit,
    });
    result.version = written.version;
    if (written.auditId !== undefined) result.auditId = written.auditId;
    return result;
  } catch (error) {
    if (!isConflictError(error)) throw error;
    throw new CliError(
      `${target.name} changed while promoting (it was at version ${to?.version ?? 0} when read): nothing was written; compare again (rampkit flags diff) and promote again`,
      EXIT.failed,
      'RAMPKIT_CONFLICT',
    );
  }
}

async function owners(
  store: Partial<DocumentStore>,
  flags: readonly string[],
  now: number,
): Promise<OwnedFlag[]> {
  // A config-only store (a plain flags file opened elsewhere) runs no rollouts.
  if (typeof store.getDocument !== 'function') return [];
  const found: OwnedFlag[] = [];
  for (const flag of flags) {
    const owner = await flagOwner(store as DocumentStore, flag, now);
    if (owner !== undefined) found.push({ flag, ...owner });
  }
  return found;
}

function describeOwned(owned: OwnedFlag): string {
  return `flag ${owned.flag} is owned by live rollout ${owned.rolloutId} (${owned.status})`;
}

/** The caller's reason, then where the flags came from (and what was overridden), for the audit log. */
function reasonOf(
  reason: string | undefined,
  source: string,
  version: number | null,
  owned: readonly OwnedFlag[],
): string {
  const parts = [
    reason?.trim() ?? '',
    `(from ${source}${version === null ? '' : ` version ${version}`}`,
  ].filter((part) => part !== '');
  const forced =
    owned.length === 0
      ? ''
      : `; forced over ${owned.map((item) => `rollout ${item.rolloutId} (${item.status}) of ${item.flag}`).join(', ')}`;
  return `${parts.join(' ')}${forced})`;
}
