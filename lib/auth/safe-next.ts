/**
 * Where to go after signing in: only a path on this origin. Browsers read `/\host`, `//host` and
 * `/<tab>/host` as another host, and `/.//host` resolves to `//host`; so the value is resolved
 * against a placeholder origin, must stay on it, and the result must not start with `//` either.
 */
const BASE = "http://hapair.invalid";

export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || /[\\\u0000-\u001f\u007f]|%5c/i.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === BASE && !path.startsWith("//") ? path : "/";
}
