import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // ssh2 carries optional native addons and must be loaded by Node, not bundled.
  serverExternalPackages: ["ssh2", "better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
