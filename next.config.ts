import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  // ssh2 carries optional native addons and must be loaded by Node, not bundled.
  serverExternalPackages: ["ssh2", "better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The CSP is set per request in proxy.ts (it carries a nonce); the rest are the same everywhere.
  headers: async () => [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }],
};

export default nextConfig;
