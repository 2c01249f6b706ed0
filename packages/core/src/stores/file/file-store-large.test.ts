import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { largeConfig } from '../../internal/large-config.test-helper.js';
import { eventually, flagsFileEachTest, json, record, replaceFile } from './file-store.test-helper.js';

const file = flagsFileEachTest();

/** Counts event-loop turns (a chain of zero-delay timers) until stopped. */
function turnCounter() {
  let turns = 0;
  let running = true;
  const beat = () => {
    if (!running) return;
    turns++;
    setTimeout(beat, 0);
  };
  setTimeout(beat, 0);
  return () => {
    running = false;
    return turns;
  };
}

const FLAGS = 2000;

describe('a large flags file is read, checked and written a flag at a time, giving the event loop turns', () => {
  // With sliceMs 0 the work pauses at every clock reading (every 16 flags or so): more than a
  // hundred turns for 2,000 flags, where reading in one go leaves only the file system's few.
  const sliced = { pollIntervalMs: 50, sliceMs: 0 };

  it('loading it', async () => {
    await writeFile(file.path, json(largeConfig(FLAGS)));
    const store = file.open({ watch: false, ...sliced });
    const stop = turnCounter();
    const snapshot = await store.loadConfig();
    expect(stop()).toBeGreaterThan(100);
    expect(snapshot?.config.flags).toHaveLength(FLAGS);
  });

  it('an edit under a watching store, and an edit that only reformats it', async () => {
    await writeFile(file.path, json(largeConfig(FLAGS, 1)));
    const store = file.open(sliced);
    await store.loadConfig();
    const seen = record(store);
    await replaceFile(file.path, json(largeConfig(FLAGS, 2)));
    await eventually(() => seen.latest()?.version === 2, 'version 2');
    expect(seen.latest()?.config).toEqual(largeConfig(FLAGS, 2));

    // The same configuration in other clothes: compared a flag at a time, and no new version.
    const compact = file.open({ watch: false, ...sliced });
    await compact.loadConfig();
    await replaceFile(file.path, JSON.stringify(largeConfig(FLAGS, 2)));
    const stop = turnCounter();
    expect((await compact.loadConfig())?.version).toBe(1);
    expect(stop()).toBeGreaterThan(100);
  });

  it('writing it', async () => {
    const store = file.open({ watch: false, ...sliced });
    const stop = turnCounter();
    const written = await store.writeConfig(largeConfig(FLAGS), { expectedVersion: 0 });
    expect(stop()).toBeGreaterThan(100);
    expect(written.version).toBe(1);
    const reread = file.open({ watch: false });
    expect((await reread.loadConfig())?.config).toEqual(largeConfig(FLAGS));
  });
});
