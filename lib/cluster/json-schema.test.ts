import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { clusterJsonSchema } from "./json-schema";
import { SCHEMA_FILE } from "./yaml";

it("the shipped JSON Schema matches the zod schema (regenerate: npx tsx scripts/write-json-schema.ts)", () => {
  const shipped = JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", SCHEMA_FILE), "utf8"),
  ) as unknown;
  expect(shipped).toEqual(clusterJsonSchema());
});
