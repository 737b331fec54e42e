/**
 * The host names hapair answers to, against DNS rebinding: a page on rebind.evil.example whose name
 * later resolves to 127.0.0.1 reaches hapair as same-origin but still says `Host: rebind.evil.example`.
 * Allowed: the host of HAPAIR_PUBLIC_URL, 127.0.0.1 / localhost / [::1] and the listening HOST, each
 * with the served PORT (default 3000).
 */
const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);

export function allowedHosts(env: Record<string, string | undefined> = process.env): Set<string> {
  const port = env.PORT ?? "3000";
  const names = ["127.0.0.1", "localhost", "[::1]"];
  const listen = env.HOST?.trim();
  if (listen && !ANY_ADDRESS.has(listen))
    names.push(listen.includes(":") && !listen.startsWith("[") ? `[${listen}]` : listen);
  const hosts = new Set(
    names.flatMap((name) =>
      [`${name}:${port}`, ...(port === "80" || port === "443" ? [name] : [])].map((host) =>
        host.toLowerCase(),
      ),
    ),
  );
  if (env.HAPAIR_PUBLIC_URL) {
    try {
      hosts.add(new URL(env.HAPAIR_PUBLIC_URL).host.toLowerCase());
    } catch {
      throw new Error(`HAPAIR_PUBLIC_URL is not a URL: ${JSON.stringify(env.HAPAIR_PUBLIC_URL)}`);
    }
  }
  return hosts;
}

/** Why the request's Host (or a proxy's X-Forwarded-Host) is not one of ours, or null. No Host: not a browser. */
export function hostRefusal(
  headers: Headers,
  env: Record<string, string | undefined> = process.env,
): string | null {
  const allowed = allowedHosts(env);
  for (const name of ["host", "x-forwarded-host"]) {
    const host = headers.get(name)?.split(",")[0]?.trim().toLowerCase();
    if (host !== undefined && !allowed.has(host))
      return `request for another host refused (${name}: ${host.slice(0, 100)}); set HAPAIR_PUBLIC_URL to the address users open`;
  }
  return null;
}
