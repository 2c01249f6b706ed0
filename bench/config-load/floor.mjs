/**
 * The floor (forked by run.mjs): the least work any SDK that reads the edited file must do, without
 * Rampkit. It holds the configuration in force twice, as the data and as a form to evaluate (as
 * every SDK keeps, and a Rampkit app keeps the store's frozen configuration and the client's
 * compiled one); on `measure` it builds the new one the same way, each flag parsed twice with
 * `JSON.parse` (the texts of the flags are cut out beforehand, so none of the reading is
 * counted), giving the event loop a turn every 4 ms, and keeps both. Its longest block is what
 * building that many long-lived objects costs the garbage collector.
 * env: RK_FLAGS (count), RK_EDITION (of the new configuration).
 */
import { benchConfig } from './configs.mjs';
import { blockProbe } from './probe.mjs';

const count = Number(process.env.RK_FLAGS);
let inForce = [benchConfig(count, 1), benchConfig(count, 1)];
const texts = benchConfig(count, Number(process.env.RK_EDITION)).flags.map((flag) => JSON.stringify(flag));

process.on('message', async (message) => {
  if (message.type === 'measure') {
    const probe = blockProbe();
    await probe.start();
    const data = [];
    const forms = [];
    let deadline = performance.now() + 4;
    for (const text of texts) {
      data.push(JSON.parse(text));
      forms.push(JSON.parse(text));
      if (performance.now() >= deadline) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        deadline = performance.now() + 4;
      }
    }
    const replaced = inForce[0].flags.length;
    inForce = [{ flags: data }, { flags: forms }];
    process.send({
      type: 'measured',
      result: { kind: 'built', flags: inForce[0].flags.length, replaced },
      block: await probe.stop(),
    });
  } else if (message.type === 'exit') {
    process.exit(0);
  }
});
process.send({ type: 'ready' });
