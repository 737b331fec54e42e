/** The server-actions API through its real route handler, on a throw-away migrated database. */
import { beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { validateDefinition } from "@/lib/cluster/definition";
import type { ServerActionView } from "@/lib/runtime-api/server-action";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("actions");

let route: typeof import("./route");
let store: typeof import("@/lib/store/server-actions");
let clusterId = "";
let operator = "";

beforeAll(async () => {
  route = await import("./route");
  store = await import("@/lib/store/server-actions");
  const valid = validateDefinition(articlePair);
  if (!valid.ok) throw new Error("fixture invalid");
  const saved = await (
    await import("@/lib/store/revisions")
  ).saveClusterRevision(db, valid.definition, "test");
  if (!saved.ok) throw new Error("save failed");
  clusterId = saved.clusterId;
  operator = await (await import("@/lib/auth/__fixtures__/test-sessions")).cookieFor(db, "operator");
}, 180_000);

const post = (body: unknown, id = clusterId) =>
  route.POST(
    new Request(`http://hapair.test/api/clusters/${id}/servers/actions?waitMs=0`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { cookie: operator },
    }),
    { params: Promise.resolve({ id }) },
  );
const issuePaths = async (response: Response) =>
  ((await response.json()) as { issues: { path: string }[] }).issues.map((i) => i.path);

describe("server actions API", () => {
  it("answers field errors for bad bodies and names that are not in the definition, recording nothing", async () => {
    const bad = await post({ backend: "be app", server: "app-01", action: "stop" });
    expect(bad.status).toBe(400);
    expect(await issuePaths(bad)).toEqual(expect.arrayContaining(["backend", "action"]));
    const noBackend = await post({ backend: "be_nope", server: "app-01", action: "drain" });
    expect(noBackend.status).toBe(422);
    expect(await issuePaths(noBackend)).toEqual(["backend"]);
    const noServer = await post({ backend: "be_app", server: "app-99", action: "drain" });
    expect(await issuePaths(noServer)).toEqual(["server"]);
    expect((await post({ backend: "be_app", server: "app-01", action: "drain" }, "nope")).status).toBe(404);
    expect(await db.serverAction.count()).toBe(0);
  });

  it("records a valid request as pending with who and when; agents claim in order, finish it, and the timeline says so", async () => {
    const response = await post({ backend: "be_app", server: "app-01", action: "drain" });
    expect(response.status).toBe(202);
    const { action } = (await response.json()) as { action: ServerActionView };
    expect(action).toMatchObject({
      backend: "be_app",
      server: "app-01",
      action: "drain",
      status: "pending",
      requestedBy: "test-operator",
    });
    await post({ backend: "be_app", server: "app-01", action: "ready" });

    const claimed = await store.claimNextServerAction(db);
    expect(claimed?.id).toBe(action.id);
    // The second action on the same cluster waits until the first one finished.
    expect(await store.claimNextServerAction(db)).toBeNull();
    const at = new Date().toISOString();
    const finished = await store.finishServerAction(db, claimed!, [
      { node: "lb-01", ok: true, adminState: "DRAIN", stateSaved: true, at, durationMs: 40 },
      { node: "lb-02", ok: false, error: "HAProxy: No such server.", stateSaved: false, at, durationMs: 41 },
    ]);
    expect(finished.status).toBe("failed");
    expect((await store.claimNextServerAction(db))?.action).toBe("ready");

    const list = (await (
      await route.GET(new Request("http://hapair.test", { headers: { cookie: operator } }), {
        params: Promise.resolve({ id: clusterId }),
      })
    ).json()) as { actions: ServerActionView[] };
    expect(list.actions.map((a) => [a.action, a.status])).toEqual([
      ["ready", "running"],
      ["drain", "failed"],
    ]);
    const event = await db.clusterEvent.findFirst({ where: { clusterId, kind: "server-action" } });
    expect(event?.message).toBe(
      "drain be_app/app-01 by test-operator: failed (lb-01 DRAIN; lb-02 failed: HAProxy: No such server.)",
    );
  });

  it("fails actions an earlier agents process left running", async () => {
    expect(await store.failAbandonedServerActions(db)).toBe(1);
    expect((await store.listServerActions(db, clusterId))[0]?.status).toBe("failed");
  });
});
