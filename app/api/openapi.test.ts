/**
 * The OpenAPI document against the code: every route file's methods are in it (and nothing else),
 * each with the access rule the handler enforces, and each request body with the schema the handler
 * parses with (the handler carries its operation; the document's schema is generated from it).
 */
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GuardedHandler } from "./_lib/auth";
import type { Operation } from "./_lib/operation";

const dir = mkdtempSync(join(tmpdir(), "hapair-openapi-"));
process.env.DATABASE_URL = `file:${join(dir, "openapi.db")}`;

const API = join(process.cwd(), "app", "api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
// Reads the JSON itself only to answer malformed JSON before a bad rollout id, as it always did.
const READS_JSON_ITSELF = new Set(["clusters/[id]/rollouts/[rolloutId]/start/route.ts"]);

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const routeFiles = walk(API).filter((path) => path.endsWith("/route.ts"));
/** app/api/clusters/[id]/route.ts → /api/clusters/{id} */
const pathOf = (file: string) =>
  `/api/${relative(API, file).replace(/\/?route\.ts$/, "")}`.replace(/\[(\w+)\]/g, "{$1}").replace(/\/$/, "");

type Handler = GuardedHandler<Record<string, string>> & { operation?: Operation };
const handlers = new Map<string, Handler>();
let operations: Record<string, Operation>;
let document: { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
let bodyJsonSchema: (schema: import("zod").ZodType) => Record<string, unknown>;

beforeAll(async () => {
  for (const file of routeFiles) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS)
      if (typeof module[method] === "function")
        handlers.set(`${method} ${pathOf(file)}`, module[method] as Handler);
  }
  operations = (await import("./_lib/operations")).operations;
  const generator = await import("./_lib/openapi");
  bodyJsonSchema = generator.bodyJsonSchema;
  document = generator.openApiDocument() as typeof document;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byName = () => new Map(Object.values(operations).map((op) => [`${op.method} ${op.path}`, op]));

describe("the OpenAPI document", () => {
  it("lists every route file's methods, and only those", () => {
    expect(handlers.size).toBeGreaterThanOrEqual(40);
    expect([...byName().keys()].sort()).toEqual([...handlers.keys()].sort());
    for (const op of Object.values(operations))
      expect(document.paths[op.path]?.[op.method.toLowerCase()], `${op.method} ${op.path}`).toBeDefined();
  });

  it("gives each the access rule its handler enforces", () => {
    for (const [name, op] of byName()) expect(handlers.get(name)?.access, name).toEqual(op.access);
  });

  it("shows each request body with the schema its handler parses with", () => {
    for (const [name, op] of byName()) {
      const handler = handlers.get(name);
      if (!op.body) {
        expect(handler?.operation, `${name} parses a body its operation does not declare`).toBeUndefined();
        continue;
      }
      expect(handler?.operation, `${name} must parse with its operation (apiRoute)`).toBe(op);
      const shown = document.paths[op.path]?.[op.method.toLowerCase()]?.requestBody;
      expect(shown, name).toEqual({
        required: true,
        content: { "application/json": { schema: bodyJsonSchema(op.body.schema) } },
      });
    }
  });

  it("no route parses a body by hand, around its operation", () => {
    for (const file of routeFiles) {
      const source = readFileSync(file, "utf8");
      expect(source.includes(".safeParse("), file).toBe(false);
      if (!READS_JSON_ITSELF.has(relative(API, file)))
        expect(source.includes("readJsonBody("), file).toBe(false);
    }
  });

  it("is served at GET /api/openapi.json to signed-in readers", async () => {
    const { db } = await import("@/lib/db/client");
    await (await import("@/lib/db/migrate")).migrateDatabase();
    const { cookieFor } = await import("@/lib/auth/__fixtures__/test-sessions");
    const cookie = await cookieFor(db, "viewer");
    const handler = handlers.get("GET /api/openapi.json");
    if (!handler) throw new Error("no handler");
    const response = await handler(
      new Request("http://127.0.0.1:3000/api/openapi.json", { headers: { cookie, host: "127.0.0.1:3000" } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const served = (await response.json()) as typeof document;
    expect(served.openapi).toBe("3.1.0");
    expect(served).toEqual(document);
    await db.$disconnect();
  });
});
