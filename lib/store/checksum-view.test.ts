/** The live view never hands viewers a raw sha256 of a node's files (keepalived.conf carries auth_pass); drift still shows. */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { observed } from "@/lib/alerts/__fixtures__/cluster";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("checksum-view");
const { saveClusterRevision } = await import("./revisions");
const { getClusterLive } = await import("./cluster-live");
const { rolloutForViewers } = await import("./checksum-view");

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const keepalived = (pass: string) =>
  `vrrp_instance VI_1 {\n  authentication {\n    auth_type PASS\n    auth_pass ${pass}\n  }\n}\n`;

let clusterId = "";
beforeAll(async () => {
  const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(articlePair), "test");
  if (!saved.ok) throw new Error("cannot save the article pair");
  clusterId = saved.clusterId;
});

describe("checksums in the live view", () => {
  it("are keyed: no raw sha256 leaves, equal files stay equal and different files differ", async () => {
    const now = Date.now();
    const files: Record<string, Record<string, string>> = {
      "lb-01": { "haproxy.cfg": sha("global\n"), "keepalived.conf": sha(keepalived("s3cret")) },
      "lb-02": { "haproxy.cfg": sha("global\n"), "keepalived.conf": sha(keepalived("s3cret") + "#\n") },
    };
    for (const node of await db.node.findMany({ where: { clusterId } })) {
      const observation = observed(node.name, now, { checksums: files[node.name] ?? {} });
      await db.nodeObservation.create({
        data: {
          nodeId: node.id,
          at: new Date(now),
          reachable: true,
          data: JSON.parse(JSON.stringify(observation)) as object,
        },
      });
    }
    const live = await getClusterLive(db, clusterId, new Date(now));
    const body = JSON.stringify(live);
    for (const sums of Object.values(files))
      for (const sum of Object.values(sums)) expect(body).not.toContain(sum.slice(0, 12));
    const shown = (name: string) => live?.nodes.find((n) => n.name === name)?.observation?.checksums ?? {};
    expect(shown("lb-01")["haproxy.cfg"]).toMatch(/^[0-9a-f]{32}$/);
    expect(shown("lb-01")["haproxy.cfg"]).toBe(shown("lb-02")["haproxy.cfg"]);
    expect(shown("lb-01")["keepalived.conf"]).not.toBe(shown("lb-02")["keepalived.conf"]);
  });

  it("are keyed in a rollout's plan as the web answers it", () => {
    const after = sha(keepalived("s3cret"));
    const file = {
      role: "keepalived.conf" as const,
      path: "/etc/keepalived/keepalived.conf",
      beforeSha: null,
      afterSha: after,
      changed: true,
      diff: "",
    };
    const plan = {
      revision: 2,
      noChange: false,
      drift: false,
      nodes: [
        { node: "lb-01", side: "master" as const, drift: [], files: [file] },
        { node: "lb-02", side: "backup" as const, drift: [], files: [{ ...file, beforeSha: after }] },
      ],
    };
    const shown = rolloutForViewers({ id: 1, plan });
    expect(JSON.stringify(shown)).not.toContain(after.slice(0, 12));
    expect(shown.plan?.nodes[0]?.files[0]?.beforeSha).toBeNull();
    expect(shown.plan?.nodes[1]?.files[0]?.beforeSha).toBe(shown.plan?.nodes[0]?.files[0]?.afterSha);
    expect(plan.nodes[0]?.files[0]?.afterSha).toBe(after); // the agents' copy is untouched
  });
});
