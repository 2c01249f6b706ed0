import { randomUUID } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { appendAudit } from '../../audit/audit-retention.js';
import type { AuditEntry } from '../../audit/types.js';
import { errorCode } from '../../errors/error-code.js';
import { StoreUnavailableError } from '../../errors/errors.js';

/** The layout written now. */
const AUDIT_SCHEMA = 1;

interface AuditFileV1 {
  schema: 1;
  /** Oldest first. */
  entries: AuditEntry[];
}

/**
 * The file state store's audit log, `<flags file>.rampkit/audit.json`: apart from `state.json`,
 * which every metrics flush rewrites, so that flushes do not copy the log each time. Appends run
 * under the sidecar's lock (the caller holds it), in the same critical section as the flags write.
 */
export class AuditFile {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /**
   * The entries kept, oldest first (none when the file does not exist).
   * @throws StoreUnavailableError when the file cannot be read or is not an audit log
   */
  async read(): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw new StoreUnavailableError(`cannot read ${this.path} (${(error as Error).message})`, {
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
      throw new StoreUnavailableError(
        `${this.path} is not a Rampkit audit log (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
  }

  /**
   * Adds `entry`, keeping the newest `retention` entries. The caller holds the sidecar's lock.
   * @throws StoreUnavailableError when the file cannot be read or written
   */
  async appendHeld(entry: AuditEntry, retention: number): Promise<void> {
    const file: AuditFileV1 = {
      schema: AUDIT_SCHEMA,
      entries: appendAudit(await this.read(), entry, retention),
    };
    const temp = `${this.path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(file)}\n`, 'utf8');
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new StoreUnavailableError(`cannot write ${this.path} (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
}
