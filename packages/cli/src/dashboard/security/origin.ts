/**
 * Whether a state-changing request comes from a page of this dashboard: its Origin (or, when a
 * browser sends none, its Referer) must be this server's own origin, as the Host header names it.
 */
export function isSameOrigin(headers: {
  origin?: string | undefined;
  referer?: string | undefined;
  host?: string | undefined;
}): boolean {
  const host = headers.host;
  if (host === undefined || host === '') return false;
  const source = headers.origin ?? headers.referer;
  if (source === undefined || source === 'null') return false;
  try {
    const url = new URL(source);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}

/**
 * Whether the Host header names this server when it listens on a loopback address: a page on
 * another site whose name resolves to 127.0.0.1 (DNS rebinding) is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.replace(/:\d+$/, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}
