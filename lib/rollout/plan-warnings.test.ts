import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { validateDefinition } from "@/lib/cluster/definition";
import { desiredFiles } from "./files";
import { buildPlan } from "./plan";

const order = { backup: "lb-02", master: "lb-01" };

function planFor(vrid: number, nodeVrid: number) {
  const result = validateDefinition(articlePair);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const definition = result.definition;
  const onNodes = desiredFiles({ ...definition, vrrp: { ...definition.vrrp, virtualRouterId: nodeVrid } });
  const current = Object.fromEntries(
    Object.entries(onNodes).map(([node, files]) => [
      node,
      Object.fromEntries(files.map((f) => [f.path, f.text])),
    ]),
  );
  const desired = desiredFiles({ ...definition, vrrp: { ...definition.vrrp, virtualRouterId: vrid } });
  return buildPlan({ revision: 2, order, desired, current, lastPushed: null });
}

describe("the plan's keepalived reload warning", () => {
  it("names a VRID change on each node: its reload restarts the instance", () => {
    const plan = planFor(52, 51);
    expect(plan.nodes.map((n) => [n.node, n.warnings])).toEqual([
      [
        "lb-02",
        [
          "keepalived reload restarts VRRP: VI_1: virtual_router_id 51 → 52; keepalived restarts it on reload as a new instance, in BACKUP until the master-down time passes",
        ],
      ],
      [
        "lb-01",
        [
          "keepalived reload restarts VRRP: VI_1: virtual_router_id 51 → 52; keepalived restarts it on reload as a new instance, in BACKUP until the master-down time passes",
        ],
      ],
    ]);
  });

  it("says nothing when the VRID stays", () => {
    expect(planFor(51, 51).nodes.map((n) => n.warnings)).toEqual([undefined, undefined]);
  });
});
