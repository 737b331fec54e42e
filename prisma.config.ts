import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import { databaseFile } from "./lib/db/url";

// Prisma's native schema engine cannot be downloaded here; our shim runs its WebAssembly build.
// A machine with the native engine keeps using it by setting the variable itself.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./scripts/prisma/schema-engine.mjs", import.meta.url),
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: `file:${databaseFile()}` },
});
