import { randomUUID } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { appendAudit } from '../../audit/audit-retention.js';
import type { AuditEntry } from '../../audit/types.js';
import { errorCode } from '../../errors/error-code.js';
import { StoreUnavailableError } from '../../errors/errors.js';
import { errorMessage } from '../../errors/to-error.js';

/** The layout written now. */
const AUDIT_SCHEMA = 1;

/** What identifies the configuration a write is about to make: its version and its data's digest. */
export interface WrittenIdentity {
  readonly version: number;
  readonly digest: string;
}

/**
 * An entry as kept in the file. `pending` marks the entry of a write whose flags file may not have
 * been written: it is put in the log before the flags file, and the write takes it off after. A
 * crash in between leaves it on, and it counts only if the configuration in force is the one it
 * announced (`reconcile`).
 */
type StoredEntry = AuditEntry & { pending?: WrittenIdentity };

interface AuditFileV1 {
  schema: 1;
  /** Oldest first. */
  entries: StoredEntry[];
}

/**
 * The file state store's audit log, `<flags file>.rampkit/audit.json`: apart from `state.json`,
 * which every metrics flush rewrites, so that flushes do not copy the log each time. Writes run
 * under the sidecar's lock (the caller holds it), in the same critical section as the flags write.
 *
 * The flags file and the log are two files, so a write cannot replace both at once. The entry goes
 * in first, pending, then the flags file, then the entry is confirmed: a write that stopped between
 * them (a crash, a full disk) leaves a pending entry, and the version the store gives the flags file
 * in force says whether that write happened (docs/operations.md, "The audit log after a crash").
 */
export class AuditFile {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /**
   * The entries of the writes that happened, oldest first (none when the file does not exist): a
   * pending entry counts when `inForce`, the identity of the configuration in force, is the one it
   * announced, and is left out otherwise.
   * @throws StoreUnavailableError when the file cannot be read or is not an audit log
   */
  async read(inForce?: WrittenIdentity): Promise<AuditEntry[]> {
    return reconcile(await this.#readStored(), inForce).entries;
  }

  /**
   * Settles what a write that stopped half-way left (see `read`), then adds `entry` as pending for
   * the configuration `next` is about to be, keeping the newest `retention` entries. The caller holds
   * the sidecar's lock, writes the flags file, then calls `confirmHeld`.
   * @throws StoreUnavailableError when the file cannot be read or written
   */
  async appendPendingHeld(
    entry: AuditEntry,
    next: WrittenIdentity,
    inForce: WrittenIdentity | undefined,
    retention: number,
  ): Promise<void> {
    const { entries } = reconcile(await this.#readStored(), inForce);
    const pending: StoredEntry = { ...entry, pending: next };
    await this.#write(appendAudit(entries, pending, retention));
  }

  /**
   * Takes `id`'s pending mark off once its flags file is written (with `toVersion`, the version it
   * was given, should it differ from the one announced).
   * @throws StoreUnavailableError when the file cannot be read or written
   */
  async confirmHeld(id: string, toVersion: number): Promise<void> {
    const entries = (await this.#readStored()).map((stored) => {
      if (stored.id !== id) return stored;
      const { pending: _pending, ...entry } = stored;
      return { ...entry, toVersion };
    });
    await this.#write(entries);
  }

  async #readStored(): Promise<StoredEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw new StoreUnavailableError(`cannot read ${this.path} (${errorMessage(error)})`, {
        cause: error,
      });
    }
    try {
      const file = JSON.parse(text) as AuditFileV1;
      if (file?.schema !== AUDIT_SCHEMA || !Array.isArray(file.entries)) {
        throw new Error(`expected { schema: ${AUDIT_SCHEMA}, entries: [...] }`);
      }
      return file.entries;
    } catch (error) {
      throw new StoreUnavailableError(`${this.path} is not a Rampkit audit log (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }

  async #write(entries: StoredEntry[]): Promise<void> {
    const file: AuditFileV1 = { schema: AUDIT_SCHEMA, entries };
    const temp = `${this.path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(file)}\n`, 'utf8');
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new StoreUnavailableError(`cannot write ${this.path} (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }
}

/**
 * The entries of writes that happened: a pending entry (only the newest can be, since every write
 * settles the one before) counts when the configuration in force is the one it announced.
 */
function reconcile(
  stored: readonly StoredEntry[],
  inForce: WrittenIdentity | undefined,
): { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  for (const { pending, ...entry } of stored) {
    if (
      pending === undefined ||
      (inForce !== undefined && inForce.version === pending.version && inForce.digest === pending.digest)
    )
      entries.push(entry);
  }
  return { entries };
}
