import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// The PostgreSQL side of prisma.config.ts: the schema derived from prisma/schema.prisma, its own
// migrations, DATABASE_URL a postgres:// URL. Used as `prisma … --config prisma.postgres.config.ts`.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./scripts/prisma/schema-engine.mjs", import.meta.url),
);

export default defineConfig({
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: "prisma/postgres/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/hapair" },
});
