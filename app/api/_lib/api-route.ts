/**
 * Route handlers of documented operations that take a JSON body: the wrapper applies the
 * operation's access rule (withAuth / publicRoute) and hands the handler `readBody`, which reads the
 * bounded JSON body and parses it with the operation's schema, so the schema the OpenAPI document
 * shows is the one the handler parses with. The handler decides when to read it (after its own id
 * checks), so answers keep their order; `apiBodyRoute` is for handlers that need the body first. The operation is recorded on the handler for the contract test.
 */
import type { NextResponse } from "next/server";
import type { SessionUser } from "@/lib/auth/session";
import { zodIssues } from "@/lib/cluster/definition";
import { publicRoute, withAuth, type GuardedHandler } from "./auth";
import { issuesResponse, notFoundResponse, readJsonBody } from "./http";
import { numericId } from "./ids";
import type { BodyOf, Operation, PathParams } from "./operation";

type Answer = Promise<Response | NextResponse>;
export type BodyRead<T> = { ok: true; body: T } | { ok: false; response: NextResponse };
export type DocumentedHandler<P> = GuardedHandler<P> & { operation: Operation };

async function readBody<O extends Operation>(request: Request, op: O): Promise<BodyRead<BodyOf<O>>> {
  const read = await readJsonBody(request);
  if (!read.ok || !op.body) return read.ok ? { ok: true, body: read.body as BodyOf<O> } : read;
  const parsed = op.body.schema.safeParse(read.body);
  if (parsed.success) return { ok: true, body: parsed.data as BodyOf<O> };
  return {
    ok: false,
    response: issuesResponse(op.body.invalidStatus, op.body.invalidIssues ?? zodIssues(parsed.error)),
  };
}

/** The route's params come from the operation's path, so a handler cannot read a param its path lacks. */
export function apiRoute<O extends Operation, P extends PathParams<O["path"]> = PathParams<O["path"]>>(
  op: O,
  handler: (
    request: Request,
    context: { user: SessionUser; params: P; readBody: () => Promise<BodyRead<BodyOf<O>>> },
  ) => Answer,
): DocumentedHandler<P> {
  if (op.access.kind !== "session") throw new Error(`${op.method} ${op.path} is public: use publicApiRoute`);
  const guarded = withAuth<P>(
    op.access.capability,
    (request, context) => handler(request, { ...context, readBody: () => readBody(request, op) }),
    { tokens: op.access.tokens },
  );
  return Object.assign(guarded, { operation: op });
}

export function publicApiRoute<O extends Operation, P extends PathParams<O["path"]> = PathParams<O["path"]>>(
  op: O,
  handler: (request: Request, context: { params: P; readBody: () => Promise<BodyRead<BodyOf<O>>> }) => Answer,
): DocumentedHandler<P> {
  const guarded = publicRoute<P>((request, context) =>
    handler(request, { ...context, readBody: () => readBody(request, op) }),
  );
  return Object.assign(guarded, { operation: op });
}

/** `apiRoute` for a handler whose first step is the body: it runs only with a body that parsed. */
export function apiBodyRoute<O extends Operation, P extends PathParams<O["path"]> = PathParams<O["path"]>>(
  op: O,
  handler: (request: Request, context: { user: SessionUser; params: P; body: BodyOf<O> }) => Answer,
): DocumentedHandler<P> {
  return apiRoute<O, P>(op, async (request, { readBody, ...context }) => {
    const read = await readBody();
    return read.ok ? handler(request, { ...context, body: read.body }) : read.response;
  });
}

/** `apiBodyRoute` for a row named by a numeric `{id}`: any other id is "no such `what`", before the body is read. */
export function apiIdBodyRoute<
  O extends Operation,
  P extends PathParams<O["path"]> & { id: string } = PathParams<O["path"]> & { id: string },
>(
  op: O,
  what: string,
  handler: (request: Request, context: { user: SessionUser; id: number; body: BodyOf<O> }) => Answer,
): DocumentedHandler<P> {
  return apiRoute<O, P>(op, async (request, { user, params, readBody }) => {
    const id = numericId(params.id);
    if (id === null) return notFoundResponse(what);
    const read = await readBody();
    return read.ok ? handler(request, { user, id, body: read.body }) : read.response;
  });
}
