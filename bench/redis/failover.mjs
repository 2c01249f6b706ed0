/**
 * Propagation after a lossy failover. Each round the stored configuration goes back one version,
 * as when a replica that missed the last write takes over: the benchmark DUMPs the configuration,
 * writes the next version (every instance takes it), then RESTOREs the dump. At once it writes again,
 * expecting the restored version, as `rampkit flags disable` would: that write reuses the lost
 * version number with other content, and is timed until every instance has it in force. The write
 * the failover then loses is an ordinary change, timed the same way: the peer measured in the same
 * rounds, under the same load.
 */
import { markedConfig } from './configs.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every millisecond; false once `timeoutMs` has passed without it holding. */
async function within(timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

/** Writes `mark` expecting `version`; the delays (ms) until each instance had it, or null past `deadlineMs`. */
async function timedWrite(writer, instances, version, mark, deadlineMs) {
  const start = process.hrtime.bigint();
  await writer.writeConfig(markedConfig(version + 1, mark), { expectedVersion: version });
  if (!(await within(deadlineMs, () => instances.every((instance) => instance.marks.has(mark))))) return null;
  return instances.map((instance) => Number(instance.marks.get(mark) - start) / 1e6);
}

/**
 * @returns for ordinary writes (`normal`) and writes after the step back (`afterStepBack`): the
 *   delays (ms) until all instances / each instance had them; and how many writes after the step
 *   back had not reached every instance after `deadlineMs`
 */
export async function measureFailoverPropagation(writer, instances, rounds, deadlineMs = 5_000) {
  const normal = { allSeen: [], each: [] };
  const afterStepBack = { allSeen: [], each: [] };
  const record = (into, delays) => {
    into.each.push(...delays);
    into.allSeen.push(Math.max(...delays));
  };
  let missed = 0;
  let version = (await writer.loadConfig()).version;
  for (let round = 1; round <= rounds; round += 1) {
    const replica = await writer.client.dumpBuffer(writer.keys.config);
    const lost = await timedWrite(writer, instances, version, `lost-${round}`, 10_000);
    if (lost === null)
      throw new Error(`round ${round}: an ordinary write did not reach every instance in 10 s`);
    record(normal, lost);
    await sleep(5);
    await writer.client.restore(writer.keys.config, 0, replica, 'REPLACE');
    const after = await timedWrite(writer, instances, version, `after-${round}`, deadlineMs);
    if (after === null) missed += 1;
    else record(afterStepBack, after);
    version += 1;
    await sleep(5);
  }
  return { normal, afterStepBack, missed, rounds, deadlineMs };
}
