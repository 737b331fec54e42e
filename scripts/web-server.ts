/**
 * The production web server: Next.js's own request handler behind a plain Node HTTP server, so the
 * app can know the TCP peer of each request (route handlers only see headers, and Next.js keeps a
 * client-sent X-Forwarded-For). Each request gets the peer address in a header whose name is random
 * per process and published in HAPAIR_PEER_HEADER (lib/auth/client-address.ts); any value a client
 * sent under that name is overwritten. HOST and PORT as for `next start` (default 127.0.0.1:3000).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import next from "next";
import { allowedHosts } from "@/lib/auth/allowed-hosts";
import { parseTrustedProxies, PEER_HEADER_ENV } from "@/lib/auth/client-address";
import { refuseNewerDatabase, startFailureExitCode } from "@/lib/db/migration-level";
import { installLogFormat } from "@/lib/log";

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? "3000");
const peerHeader = `x-hapair-peer-${randomBytes(12).toString("hex")}`;
process.env[PEER_HEADER_ENV] = peerHeader;

/** The web server's own short-lived client: Next.js's bundle has its own for requests. */
async function checkDatabase(): Promise<void> {
  const { db } = await import("@/lib/db/client");
  try {
    await refuseNewerDatabase(db);
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  installLogFormat();
  await checkDatabase();
  // A bad HAPAIR_TRUSTED_PROXIES or HAPAIR_PUBLIC_URL stops the start here, not every sign-in later.
  parseTrustedProxies(process.env.HAPAIR_TRUSTED_PROXIES);
  allowedHosts();
  const app = next({ dev: false, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    request.headers[peerHeader] = request.socket.remoteAddress ?? "";
    handle(request, response).catch((error: unknown) => {
      console.error("[web] request failed:", error instanceof Error ? error.message : error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end('{"issues":[{"path":"(server)","message":"internal error"}]}');
    });
  });
  server.listen(port, hostname, () =>
    console.log(`[web] listening on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`),
  );
  // Open keep-alive connections and event streams would hold close() forever.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error("[web] failed to start:", error instanceof Error ? error.message : error);
  process.exit(startFailureExitCode(error));
});
