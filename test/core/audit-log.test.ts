import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '@rampkit/core';
import { FileStateStore } from '@rampkit/core/file-store';
import { afterAll, afterEach } from 'vitest';
import { auditLogSuite } from '../support/audit-log-suite.js';

auditLogSuite('MemoryStore', {
  open: async (options) => ({ store: new MemoryStore(options) }),
});

const dir = mkdtempSync(join(tmpdir(), 'rampkit-audit-log-'));
const open: FileStateStore[] = [];
let count = 0;
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

auditLogSuite('FileStateStore', {
  open: async (options) => {
    count += 1;
    const path = join(dir, `flags-${count}.json`);
    const store = new FileStateStore({ path, watch: false, ...options });
    open.push(store);
    return {
      store,
      again: async () => {
        const other = new FileStateStore({ path, watch: false });
        open.push(other);
        return other;
      },
    };
  },
});
