/**
 * Reading callgrind's output for count.mjs and count-loop.mjs: self instruction counts per function,
 * with V8's generated code named from `node --perf-basic-prof`'s map and every function sorted into
 * the kinds the reports use (see count.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';

/**
 * JIT code ranges from /tmp/perf-<pid>.map, sorted by start. V8 reuses the addresses of code it has
 * freed, so a later entry overrides an earlier one it overlaps: each range keeps its line number.
 */
export function perfMap(pid) {
  const file = `/tmp/perf-${pid}.map`;
  if (!existsSync(file)) return [];
  const ranges = [];
  let order = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (!match) continue;
    const start = Number.parseInt(match[1], 16);
    ranges.push({ start, end: start + Number.parseInt(match[2], 16), name: match[3], order: order++ });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The newest range holding `address`: the last range starting at or before it, and any before that still covering it. */
function lookup(ranges, address) {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= address) lo = mid + 1;
    else hi = mid - 1;
  }
  let found;
  // Code objects are small: a range covering `address` starts within the previous few hundred.
  for (let i = hi; i >= 0 && i > hi - 512; i--) {
    const range = ranges[i];
    if (address < range.end && (found === undefined || range.order > found.order)) found = range;
  }
  return found?.name;
}

/**
 * Self instruction counts per function from a callgrind output file (name compression and
 * relative positions handled; a `calls=` line's following cost line is the callee's, not self).
 */
export function selfCounts(file) {
  const names = new Map();
  const objects = new Map();
  const self = new Map();
  let fn = '';
  let obj = '';
  let skipNext = false;
  const compressed = (table, value) => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(value);
    if (!match) return value;
    if (match[2] !== undefined) table.set(match[1], match[2]);
    return table.get(match[1]) ?? value;
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) {
      fn = `${obj}\u0000${compressed(names, line.slice(3))}`;
    } else if (line.startsWith('ob=')) {
      obj = compressed(objects, line.slice(3));
    } else if (line.startsWith('cfn=')) {
      compressed(names, line.slice(4));
    } else if (line.startsWith('cob=')) {
      compressed(objects, line.slice(4));
    } else if (line.startsWith('calls=')) {
      skipNext = true;
    } else if (/^[+\-*]?\d/.test(line)) {
      if (skipNext) {
        skipNext = false;
        continue;
      }
      const cost = Number(line.trim().split(/\s+/)[1] ?? 0);
      self.set(fn, (self.get(fn) ?? 0) + cost);
    }
  }
  return self;
}

export function classify(object, name, ranges) {
  if (/^0x[0-9a-f]+$/i.test(name)) {
    const jit = lookup(ranges, Number.parseInt(name, 16));
    if (jit === undefined) return { kind: 'runtime', name: `jit ${name}` };
    return {
      kind: /^(JS|LazyCompile|Function|Script):/.test(jit) || /^[*~^+]/.test(jit) ? 'JS' : 'builtins',
      name: jit,
    };
  }
  if (name.startsWith('Builtins_')) return { kind: 'builtins', name };
  if (/v8::internal::(compiler|maglev|baseline)::|Turboshaft|Pipeline/.test(name))
    return { kind: 'compiler', name };
  // IterateObjectCache walks the startup object cache as a root of every collection: its count moved
  // by 2,000 a request between processes of the same code while it was filed under the runtime.
  if (
    /v8::internal::(.*(Heap|Scaveng|Marking|MarkCompact|Sweep|Evacuat|Remembered|SlotSet|Collector|GC|IterateObjectCache))/.test(
      name,
    )
  ) {
    return { kind: 'gc', name };
  }
  if (/v8::|node::(?!.*uv)|^Runtime_|^v8_/.test(name) && !/node::http_parser|llhttp/.test(name)) {
    return { kind: name.startsWith('node::') ? 'native' : 'runtime', name };
  }
  return { kind: 'native', name: `${name} (${object.split('/').pop()})` };
}

/** Self counts of `files`, by kind and by `kind name`, with the JIT code of `pid` named. */
export function countsByKind(files, pid) {
  const ranges = perfMap(pid);
  const kinds = { JS: 0, builtins: 0, runtime: 0, native: 0, gc: 0, compiler: 0 };
  const byName = new Map();
  for (const file of files.filter(existsSync)) {
    for (const [key, cost] of selfCounts(file)) {
      const [object, name] = key.split('\u0000');
      const { kind, name: label } = classify(object, name, ranges);
      kinds[kind] += cost;
      byName.set(`${kind} ${label}`, (byName.get(`${kind} ${label}`) ?? 0) + cost);
    }
  }
  return { kinds, byName };
}
