/** What the last succeeded rollout of every cluster pushed: two statements for all, each plan read once. */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { counting } from "./__testing__/counting";
import { rolloutRowData } from "./__testing__/rows";

const { db } = await useTestDatabase("pushed-checksums");
const { pushedChecksums, pushedCache } = await import("./pushed-checksums");

const plan = (sha: string) => ({
  revision: 1,
  noChange: false,
  drift: false,
  nodes: ["lb-01", "lb-02"].map((node) => ({
    node,
    side: node === "lb-01" ? "master" : "backup",
    drift: [],
    files: ["haproxy.cfg", "keepalived.conf", "notify-script"].map((role) => ({
      role,
      path: `/etc/${role}`,
      beforeSha: null,
      afterSha: `${role}-${node}-${sha}`,
      changed: true,
      diff: "",
    })),
  })),
});

/** Reads of rollout rows: the plans' fetches. */
const PLAN_READS = { model: "Rollout", operation: "findMany" };

let a = "";
let b = "";
let c = "";
beforeAll(async () => {
  a = await saveTestCluster(db, { ...articlePair, name: "a" });
  b = await saveTestCluster(db, {
    ...articlePair,
    name: "b",
    vrrp: { ...articlePair.vrrp, virtualRouterId: 52 },
  });
  c = await saveTestCluster(db, {
    ...articlePair,
    name: "c",
    vrrp: { ...articlePair.vrrp, virtualRouterId: 53 },
  });
  await db.rollout.create({ data: rolloutRowData(a, { status: "succeeded", plan: plan("old") }) });
  await db.rollout.create({ data: rolloutRowData(a, { status: "succeeded", plan: plan("new") }) });
  await db.rollout.create({ data: rolloutRowData(a, { status: "failed", plan: plan("failed") }) });
  await db.rollout.create({ data: rolloutRowData(b, { status: "succeeded", plan: { nodes: "garbage" } }) });
  await db.rollout.create({ data: rolloutRowData(c, { status: "planned", plan: plan("planned") }) });
});

describe("pushedChecksums", () => {
  it("answers the newest succeeded rollout's polled files per cluster; unreadable plans and clusters without one are absent", async () => {
    const pushed = await pushedChecksums(db);
    expect([...pushed.keys()]).toEqual([a]);
    expect(pushed.get(a)).toEqual({
      "lb-01": { "haproxy.cfg": "haproxy.cfg-lb-01-new", "keepalived.conf": "keepalived.conf-lb-01-new" },
      "lb-02": { "haproxy.cfg": "haproxy.cfg-lb-02-new", "keepalived.conf": "keepalived.conf-lb-02-new" },
    });
  });

  it("reads each plan once, and a newer succeeded rollout at the next call", async () => {
    const cache = pushedCache();
    const first = counting(db, PLAN_READS);
    await pushedChecksums(first.db, cache);
    expect(first.operations()).toBe(1);
    const again = counting(db, PLAN_READS);
    expect((await pushedChecksums(again.db, cache)).get(a)?.["lb-01"]?.["haproxy.cfg"]).toBe(
      "haproxy.cfg-lb-01-new",
    );
    expect(again.operations()).toBe(0);
    await db.rollout.create({ data: rolloutRowData(c, { status: "succeeded", plan: plan("c1") }) });
    const after = counting(db, PLAN_READS);
    const pushed = await pushedChecksums(after.db, cache);
    expect(pushed.get(c)?.["lb-02"]?.["keepalived.conf"]).toBe("keepalived.conf-lb-02-c1");
    expect(pushed.get(a)?.["lb-01"]?.["haproxy.cfg"]).toBe("haproxy.cfg-lb-01-new");
    expect(after.operations()).toBe(1);
  });
});
