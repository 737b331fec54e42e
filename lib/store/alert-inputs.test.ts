/** The evaluator's subjects: each cluster's latest revision, its definition parsed once per revision. */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { counting } from "./__testing__/counting";

const { db } = await useTestDatabase("alert-inputs");
const { clusterSubjects, subjectCache } = await import("./alert-inputs");
const { saveClusterRevision } = await import("./revisions");

/** Reads of revision rows: the specs' fetches. */
const SPEC_READS = { model: "ClusterRevision", operation: "findMany" };

let clusterId = "";
beforeAll(async () => {
  clusterId = await saveTestCluster(db);
  await saveTestCluster(db, {
    ...articlePair,
    name: "other",
    vrrp: { ...articlePair.vrrp, virtualRouterId: 52 },
  });
});

describe("clusterSubjects", () => {
  it("reads the latest revision of every cluster, each definition once, a new revision at the next call", async () => {
    const cache = subjectCache();
    const first = counting(db, SPEC_READS);
    const subjects = await clusterSubjects(first.db, cache);
    expect(subjects.map((s) => s.subject.name).sort()).toEqual(["article", "other"]);
    expect(subjects.find((s) => s.clusterId === clusterId)?.nodeIds).toEqual(
      Object.fromEntries((await db.node.findMany({ where: { clusterId } })).map((n) => [n.name, n.id])),
    );
    expect(first.operations()).toBe(1);
    const again = counting(db, SPEC_READS);
    await clusterSubjects(again.db, cache);
    expect(again.operations()).toBe(0);

    const saved = await saveClusterRevision(
      db,
      clusterDefinitionSchema.parse({ ...articlePair, alerting: { hold: { splitBrain: 5 } } }),
      "test",
    );
    expect(saved.ok).toBe(true);
    const after = counting(db, SPEC_READS);
    const updated = (await clusterSubjects(after.db, cache)).find((s) => s.clusterId === clusterId);
    expect(updated?.subject.settings.hold.splitBrain).toBe(5);
    expect(after.operations()).toBe(1);
  });

  it("leaves out a cluster whose latest revision does not parse", async () => {
    await db.clusterRevision.create({
      data: { clusterId, number: 99, spec: { name: "broken" }, author: "test" },
    });
    const subjects = await clusterSubjects(db);
    expect(subjects.map((s) => s.subject.name)).toEqual(["other"]);
  });
});
