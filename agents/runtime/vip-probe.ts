/** Requests through the VIP from the agents' host: the traffic test of "verify on backup". */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { errorMessage } from "@/lib/error-message";

const PROBE_TIMEOUT_MS = 3_000;

/** One GET (TLS unverified: the VIP's certificate may not match its address); the status code. */
export function requestStatus(url: string, tls: boolean, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = tls ? httpsRequest : httpRequest;
    const req = send(
      url,
      { method: "GET", timeout: timeoutMs, rejectUnauthorized: false, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** The URLs of the frontends bound to a VIP, TLS first (the article's frontend redirects plain HTTP). */
export function vipUrls(definition: ClusterDefinition): { url: string; tls: boolean }[] {
  const vips = new Set(definition.vips.map((v) => v.address));
  return definition.haproxy.frontends
    .flatMap((f) =>
      f.binds
        .filter((b) => vips.has(b.address))
        .map((b) => ({
          url: `${b.tls ? "https" : "http"}://${b.address}:${b.port}/`,
          tls: b.tls !== undefined,
        })),
    )
    .sort((a, b) => Number(b.tls) - Number(a.tls));
}

/** `count` requests to each VIP URL; a status of 500 or more, a refused or silent connection fails. */
export async function probeVip(definition: ClusterDefinition, count: number): Promise<string[]> {
  const results: string[] = [];
  for (const { url, tls } of vipUrls(definition)) {
    for (let i = 0; i < count; i++) {
      const status = await requestStatus(url, tls, PROBE_TIMEOUT_MS).catch((error: unknown) => {
        throw new Error(`${url}: ${errorMessage(error)}`);
      });
      if (status >= 500) throw new Error(`${url} answered ${status}`);
      results.push(`${url} ${status}`);
    }
  }
  return results;
}
