/** Route handler tests: a request as the browser sends it (JSON body, session cookie), and the params argument. */

export function apiRequest(url: string, method = "GET", body?: unknown, cookie = ""): Request {
  return new Request(`http://hapair.test${url}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { cookie },
  });
}

/** The second argument Next.js hands a route handler. */
export function routeParams<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}
