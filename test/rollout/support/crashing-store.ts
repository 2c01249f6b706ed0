import type { RolloutStore } from '@rampkit/rollout';

export class Crash extends Error {
  constructor() {
    super('the process died');
    this.name = 'Crash';
  }
}

const MUTATIONS = new Set(['putDocument', 'writeConfig']);

/**
 * A view of a store that dies at the `crashAt`-th write (state, history, claim or flag split):
 * `after` lets that write land first, `before` does not. From then on every call throws, as if
 * the process holding it were gone.
 */
export function crashingStore(store: RolloutStore, crashAt: number, mode: 'before' | 'after') {
  let writes = 0;
  const view = {
    dead: false,
    writes: () => writes,
    store: new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (view.dead) throw new Crash();
          const mutation = MUTATIONS.has(String(property));
          if (mutation) writes += 1;
          if (mutation && writes === crashAt && mode === 'before') {
            view.dead = true;
            throw new Crash();
          }
          const result = await value.apply(target, args);
          if (mutation && writes === crashAt) {
            view.dead = true;
            throw new Crash();
          }
          return result;
        };
      },
    }),
  };
  return view;
}
