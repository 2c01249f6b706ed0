import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FileStateStore } from './file-state-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the CLI’s file store reads and writes YAML flags files', () => {
  it('reads and writes a YAML flags file through FileStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampkit-file-state-'));
    dirs.push(dir);
    const path = join(dir, 'flags.yaml');
    writeFileSync(
      path,
      'flags:\n  - key: a\n    variations: { "on": true, "off": false }\n    offVariation: "off"\n    fallthrough: { variation: "on" }\n',
    );
    const store = new FileStateStore({ path, watch: false });
    const snapshot = await store.loadConfig();
    expect(snapshot?.config.flags[0]?.key).toBe('a');
    await store.writeConfig(
      { flags: [{ ...snapshot!.config.flags[0]!, enabled: false }] },
      { expectedVersion: snapshot!.version },
    );
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('enabled: false');
    // on and off are booleans to YAML 1.1 readers: written quoted, they stay variation names.
    expect(written).toContain('"on": true');
    expect(written).toContain('offVariation: "off"');
    const asYaml11 = parseYaml(written, { version: '1.1' }) as { flags: { offVariation: unknown }[] };
    expect(asYaml11.flags[0]?.offVariation).toBe('off');
    await store.close();
  });
});
