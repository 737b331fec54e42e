/**
 * The OpenAPI 3.1 document, generated from the operations registry: each request body's schema is
 * the zod schema its handler parses with, as JSON Schema 2020-12 (the dialect OpenAPI 3.1 uses).
 */
import { z } from "zod";
import { SESSION_COOKIE } from "@/lib/auth/session";
import type { Operation } from "./operation";
import { operations } from "./operations";

type Json = Record<string, unknown>;

/** A request body as the document shows it: the schema's input side (defaults make fields optional). */
export function bodyJsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

const ISSUES: Json = {
  type: "object",
  required: ["issues", "warnings"],
  properties: {
    issues: { type: "array", items: { $ref: "#/components/schemas/FieldIssue" } },
    warnings: { type: "array", items: { $ref: "#/components/schemas/FieldIssue" } },
  },
};

function parameters(op: Operation): Json[] {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const inQuery = Object.entries(op.query ?? {}).map(([name, description]) => ({
    name,
    in: "query",
    required: false,
    description,
    schema: { type: "string" },
  }));
  return [...inPath, ...inQuery];
}

function operationObject(id: string, op: Operation): Json {
  const who = op.access.kind === "public" ? "public" : op.access.capability;
  return {
    operationId: id,
    summary: op.summary,
    description: `Access: ${who === "self" ? "any signed-in user" : who === "public" ? "no session needed" : `a role that may ${who.replaceAll("-", " ")}`}.`,
    "x-hapair-capability": who,
    security: op.access.kind === "public" ? [] : [{ session: [] }],
    ...(parameters(op).length > 0 ? { parameters: parameters(op) } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: bodyJsonSchema(op.body.schema) } },
          },
        }
      : {}),
    responses: {
      "2XX": {
        description: "done",
        content: { [op.produces ?? "application/json"]: { schema: {} } },
      },
      "4XX": { $ref: "#/components/responses/Refused" },
      "5XX": { $ref: "#/components/responses/Refused" },
    },
  };
}

export function openApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [id, op] of Object.entries(operations) as [string, Operation][]) {
    paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operationObject(id, op) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "hapair API",
      version: "1",
      description:
        "Control plane for HAProxy + Keepalived pairs. Every refusal answers { issues, warnings } with field paths; writes are refused cross-site.",
    },
    paths,
    components: {
      securitySchemes: { session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE } },
      schemas: {
        FieldIssue: {
          type: "object",
          required: ["path", "message"],
          properties: { path: { type: "string" }, message: { type: "string" } },
        },
        Issues: ISSUES,
      },
      responses: {
        Refused: {
          description: "refused, with field-level issues",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Issues" } } },
        },
      },
    },
  };
}
