/** A form POST as a browser on the dashboard's page sends it. */
export async function post(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Loads a page as a browser would, keeping the session cookie; returns the page and its CSRF token. */
export async function load(
  url: string,
  cookie?: string,
): Promise<{ text: string; cookie: string; csrf: string; response: Response }> {
  const response = await fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });
  const text = await response.text();
  const set = response.headers.get('set-cookie');
  const session = set === null ? (cookie ?? '') : (set.split(';')[0] as string);
  return { text, cookie: session, csrf: /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? '', response };
}
