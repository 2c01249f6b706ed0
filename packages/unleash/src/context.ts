/**
 * Unleash's evaluation context. Fields a constraint or stickiness names are looked up on the
 * context first, then in `properties`; `null` and `undefined` both mean "absent", and values are
 * compared as strings (`String(value)`), as every Unleash SDK does.
 */
export interface UnleashContext {
  userId?: string;
  sessionId?: string;
  remoteAddress?: string;
  environment?: string;
  appName?: string;
  /** The instant DATE_AFTER / DATE_BEFORE compare with. @default now */
  currentTime?: string | Date;
  properties?: Record<string, string | number | boolean | null | undefined>;
  [field: string]: unknown;
}

/** `context[name] ?? context.properties[name]` as a string; own properties only, never throws. */
export function resolveContextValue(context: UnleashContext, name: string): string | undefined {
  const value = ownValue(context, name) ?? ownValue(context.properties, name);
  if (value === undefined || value === null) return undefined;
  try {
    return String(value);
  } catch {
    // An object whose toString throws (or a Symbol): no usable value.
    return undefined;
  }
}

function ownValue(record: unknown, name: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  return Object.hasOwn(record, name) ? (record as Record<string, unknown>)[name] : undefined;
}

/**
 * A standard field (userId, sessionId, remoteAddress) read from the context itself, never from
 * `properties`, as the SDKs read them for stickiness and the built-in strategies. Empty is absent.
 */
export function standardField(
  context: UnleashContext,
  name: 'userId' | 'sessionId' | 'remoteAddress',
): string | undefined {
  const value = Object.hasOwn(context, name) ? context[name] : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
