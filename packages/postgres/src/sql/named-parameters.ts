/**
 * Turns a template's `:name` parameters into PostgreSQL's `$1…$n` with the values in order. The
 * documented SQL keeps names, which read better and port to drivers that bind by name.
 */
export function bindNamed(sql: string, values: Record<string, unknown>): { text: string; values: unknown[] } {
  const order: string[] = [];
  // Comments go first: they mention parameters by name too.
  const code = sql.replace(/--[^\n]*/g, '');
  const text = code.replace(/(?<![:\w]):([a-z_][a-z0-9_]*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, values: order.map((name) => values[name]) };
}
