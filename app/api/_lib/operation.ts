/** One HTTP operation as the API documents it and its handler runs it (registry: ./operations.ts). */
import type { z } from "zod";
import type { FieldIssue } from "@/lib/cluster/definition";
import type { RouteAccess } from "./auth";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Operation {
  method: HttpMethod;
  /** OpenAPI style: `/api/clusters/{id}/rollouts`; each `{name}` is the route folder `[name]`. */
  path: string;
  summary: string;
  access: RouteAccess;
  /** The JSON body the handler parses with this schema (and only this one). */
  body?: {
    schema: z.ZodType;
    /** The status of a body that fails the schema (400 or 422, as the route always answered). */
    invalidStatus: 400 | 422;
    /** Said instead of the schema's own issues (sign-in does not tell which field was wrong). */
    invalidIssues?: FieldIssue[];
  };
  /** Query parameters, name → what it means (parsed by hand in the handler). */
  query?: Record<string, string>;
  /** What a success answers when it is not JSON. */
  produces?: string;
}

/** Keeps the literal types (access kind, schema) so handlers get their body typed. */
export function operation<const O extends Operation>(spec: O): O {
  return spec;
}

/** `{ id: string; rolloutId: string }` from `/api/clusters/{id}/rollouts/{rolloutId}/start`. */
export type PathParams<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Record<Name, string> & PathParams<Rest>
  : unknown;

export type BodyOf<O extends Operation> = O["body"] extends { schema: infer S extends z.ZodType }
  ? z.output<S>
  : never;
