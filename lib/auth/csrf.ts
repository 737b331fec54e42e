/**
 * Cross-site request refusal for state-changing requests. Browsers say where a request comes from
 * (Sec-Fetch-Site, Origin); a request from another site is refused whatever cookies it carries. A
 * client that sends neither (curl, scripts) is not a browser and carries no ambient cookie to abuse.
 * The Host must be one of ours (lib/auth/allowed-hosts.ts), so a DNS-rebound page is another site too.
 */
import { hostRefusal } from "./allowed-hosts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteRefusal(method: string, headers: Headers): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const wrongHost = hostRefusal(headers);
  if (wrongHost) return wrongHost;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none")
    return `cross-site request refused (Sec-Fetch-Site: ${fetchSite})`;
  const origin = headers.get("origin");
  if (origin !== null) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host");
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) return `cross-site request refused (Origin: ${origin.slice(0, 100)})`;
  }
  return null;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}
