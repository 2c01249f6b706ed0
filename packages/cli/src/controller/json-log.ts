/** One field of a log line beyond time, level and message. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Writes one JSON object per line: what log collectors (Loki, CloudWatch, fluent-bit) parse as is. */
export interface JsonLog {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * A JSON-lines log: `{"time":"…","level":"info","msg":"…","controller":"…","rollout":"…"}`. `base`
 * fields (the controller's id) are on every line; undefined fields are left out.
 */
export function jsonLog(
  write: (line: string) => void,
  base: LogFields = {},
  now: () => number = Date.now,
): JsonLog {
  const log = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    const line: Record<string, unknown> = { time: new Date(now()).toISOString(), level, msg };
    for (const [key, value] of Object.entries({ ...base, ...fields }))
      if (value !== undefined) line[key] = value;
    write(`${JSON.stringify(line)}\n`);
  };
  return {
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}
